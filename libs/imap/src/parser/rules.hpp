#pragma once
// Grammar rules shared by several commands (RFC 3501 section 9), one function per rule.
#include <cstdint>
#include <string>
#include <vector>

#include "carteiro/imap/command.hpp"
#include "parser/reader.hpp"

namespace carteiro::imap::parser {

SequenceSet sequence_set(Reader& r);                  // sequence_set.cpp
std::string mailbox(Reader& r);                       // mailbox.cpp
std::string flag(Reader& r);                          // flags.cpp
std::vector<std::string> flag_list(Reader& r);        // flags.cpp
StoreArguments store_att_flags(Reader& r);            // flags.cpp (without the sequence set)
// date_time.cpp: unix seconds; ZONE_MINUTES (if given) gets the zone, minutes east of UTC
std::int64_t date_time(Reader& r, int* zone_minutes = nullptr);
std::int64_t date(Reader& r);                         // date_time.cpp: days since the epoch
std::vector<FetchItem> fetch_attributes(Reader& r);   // fetch.cpp: macro, one, or a list
SearchKey search_keys(Reader& r);                     // search.cpp: 1 or more, ANDed
std::int64_t mod_sequence_value(Reader& r);           // modseq.cpp: 1 or more (RFC 7162)
std::int64_t mod_sequence_valzer(Reader& r);          // modseq.cpp: 0 or more
Arguments getquota(Reader& r);                        // quota.cpp (RFC 9208)
Arguments setquota(Reader& r);                        // quota.cpp

}  // namespace carteiro::imap::parser
