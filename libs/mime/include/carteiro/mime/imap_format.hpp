#pragma once
// IMAP's views of a message (RFC 3501 section 7.4.2): ENVELOPE, BODY and BODYSTRUCTURE,
// computed once at delivery and stored.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/mime/structure.hpp"

namespace carteiro::mime {

struct Summary {
  std::int64_t header_size = 0;  // octets of the top-level header incl. the blank line
  std::string envelope;          // ENVELOPE
  std::string bodystructure;     // BODYSTRUCTURE (with extension data)
  std::string body;              // BODY (without extension data)
};
Summary summarize(std::string_view message);

// The pieces, for callers that already hold a parsed tree.
std::string envelope(std::string_view header_block);
std::string bodystructure(const Part& part, bool extended);

// RFC 3501 section 9 string / nstring: a quoted string when it is safe, else a literal
// ({n}\r\n...) for CR, LF, 8-bit bytes or long values. NUL (never allowed) becomes U+FFFD.
void append_string(std::string& out, std::string_view value);
void append_nstring(std::string& out, std::optional<std::string_view> value);

}  // namespace carteiro::mime
