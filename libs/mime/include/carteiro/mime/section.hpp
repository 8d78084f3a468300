#pragma once
// BODY[section] (RFC 3501 section 6.4.5): the octets a section specification names.
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mime/structure.hpp"

namespace carteiro::mime {

enum class SectionText { none, header, header_fields, header_fields_not, text, mime };

struct Section {
  std::vector<unsigned> part;      // {} = whole message; {1,2} = part 1.2
  SectionText text = SectionText::none;
  std::vector<std::string> fields;  // for header_fields(_not), case-insensitive
};

// The exact octets SECTION names ("" when the part does not exist). For a non-multipart
// message, part 1 is its body. HEADER and TEXT of a message/rfc822 part refer to the
// encapsulated message; of any other part they name nothing.
std::string extract_section(std::string_view message, const Section& section);
// The same on a tree already parsed with parse_structure() (several sections per FETCH).
std::string extract_section(const Part& root, const Section& section);

// HEADER.FIELDS / HEADER.FIELDS.NOT of a header block: the matching fields as they are
// written, then the blank line if the block had one.
std::string filter_header(std::string_view header_block, const std::vector<std::string>& fields,
                          bool keep_matching);

}  // namespace carteiro::mime
