#pragma once
// The MIME tree of a message (RFC 2045, RFC 2046): parts as views into the message, built
// in one pass. Protocol-neutral: IMAP renders it as BODYSTRUCTURE (imap_format.hpp), FETCH
// and SEARCH take sections and text from it. Malformed MIME still gives a tree: a multipart without boundary is text/plain
// (RFC 2045 section 5.2), a multipart with no parts gets one empty part, an unterminated
// multipart ends at the end of its parent, nesting stops at kMaxDepth (deeper multiparts and
// messages become application/octet-stream leaves) and splitting at kMaxParts body parts.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "carteiro/mime/content_type.hpp"

namespace carteiro::mime {

inline constexpr int kMaxDepth = 20;
// Body parts in one message; past it the last part holds the rest.
inline constexpr std::size_t kMaxParts = 10000;

// The MIME header fields of one part, as folded raw views (null data(): absent).
struct MimeFields {
  std::string_view content_type;
  std::string_view transfer_encoding;
  std::string_view id;
  std::string_view description;
  std::string_view disposition;
  std::string_view language;
  std::string_view location;
  std::string_view md5;
  bool has_content_type = false;
};

struct Part {
  std::string_view whole;   // header + body
  std::string_view header;  // up to and including the blank line
  std::string_view body;
  MimeFields fields;
  ContentType type;  // with the RFC 2045/2046 defaults applied
  std::vector<Part> children;    // multipart/*: the body parts (at least one)
  std::unique_ptr<Part> message;  // message/rfc822: the encapsulated message

  bool is_multipart() const { return !children.empty(); }
  bool is_message() const { return message != nullptr; }
};

// Parses a whole message (its header is also the MIME header of the top-level part).
Part parse_structure(std::string_view message);

// Number of lines of a body: line feeds, plus one for a final line without one.
std::int64_t count_lines(std::string_view body);

}  // namespace carteiro::mime
