#pragma once
// Evaluates SEARCH keys (RFC 3501 section 6.4.4) against one message. Text keys compare
// case-insensitively against decoded header and body text; dates compare whole days:
// INTERNALDATE's UTC day (as FETCH shows it), the Date: field's day as written.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/imap/command.hpp"

namespace carteiro::imap {

class SearchMessage {
 public:
  std::uint32_t seq = 0;
  std::int64_t uid = 0;
  std::uint32_t flags = 0;        // store::Flag bits
  std::string keywords;           // space-separated
  std::int64_t size = 0;
  std::int64_t internaldate = 0;  // unix seconds
  std::int64_t internaldate_zone = 0;  // minutes east of UTC, as APPEND gave it
  std::int64_t modseq = 0;        // RFC 7162
  bool recent = false;
  // Loads the message's bytes; called at most once, only for keys that need them.
  std::function<std::string()> load;

  const std::string& content();
  const std::string& body_text();  // decoded text parts, computed once

 private:
  std::optional<std::string> content_;
  std::optional<std::string> body_text_;
};

struct SearchScope {
  std::uint32_t exists = 0;   // for '*' in sequence sets
  std::int64_t max_uid = 0;   // for '*' in UID sets
};

bool search_matches(const SearchKey& key, SearchMessage& message, const SearchScope& scope);
// Whether KEY has a MODSEQ criterion anywhere (RFC 7162 section 3.1.5: then SEARCH
// answers with the highest mod-sequence of what it found).
bool uses_modseq(const SearchKey& key);

}  // namespace carteiro::imap
