#pragma once
// IMAP's rendering of a message (RFC 3501 section 7.4.2): ENVELOPE, BODY and BODYSTRUCTURE
// in IMAP syntax, made from the protocol-neutral structure (the MIME tree of structure.hpp,
// the envelope fields of envelope.hpp). The store keeps this rendering beside the message as
// a cache, computed once at delivery, so that FETCH sends it as it is; it is derived data
// that can always be made again from the stored message. Another protocol renders the same
// neutral structure its own way. See docs/design-notes.md, "Message structure".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/mime/envelope.hpp"
#include "carteiro/mime/structure.hpp"

namespace carteiro::mime {

// What IMAP FETCH needs of a message, rendered once at delivery and cached in the store.
struct Summary {
  std::int64_t header_size = 0;  // octets of the top-level header incl. the blank line
  std::string envelope;          // ENVELOPE
  std::string bodystructure;     // BODYSTRUCTURE (with extension data)
  std::string body;              // BODY (without extension data)
};
Summary summarize(std::string_view message);

// The pieces, for callers that already hold the neutral structure or a header block.
std::string envelope(const Envelope& fields);
std::string envelope(std::string_view header_block);
std::string bodystructure(const Part& part, bool extended);

// RFC 3501 section 9 string / nstring: a quoted string when it is safe, else a literal
// ({n}\r\n...) for CR, LF, 8-bit bytes or long values. NUL (never allowed) becomes U+FFFD.
void append_string(std::string& out, std::string_view value);
void append_nstring(std::string& out, std::optional<std::string_view> value);

}  // namespace carteiro::mime
