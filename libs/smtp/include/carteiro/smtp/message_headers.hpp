#pragma once
// Where the header fields of a received message are (RFC 5322 section 2.2 and 3.5), so
// the server can count Received: hops, see whether Date: and Message-ID: are there, drop
// Bcc:, and put its own trace fields on top, without parsing the message twice. Pure.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::smtp {

struct HeaderField {
  std::string_view name;   // as written, without the colon
  std::size_t begin = 0;   // offset of the field's first line
  std::size_t end = 0;     // just past its last line's CRLF (folded lines included)
};

struct HeaderIndex {
  std::vector<HeaderField> fields;
  std::size_t body_start = 0;   // where the body begins (after the blank line, if any)
  bool has_separator = false;   // the header ended with an empty line
  std::size_t count(std::string_view name) const;  // case-insensitive
  bool has(std::string_view name) const { return count(name) > 0; }
};

// Indexes MESSAGE (CRLF lines). The header ends at the first empty line, or at the first
// line that is neither a field nor a continuation (a message typed with no header at all
// is all body). MESSAGE must outlive the index.
HeaderIndex index_headers(std::string_view message);

struct HeaderRewrite {
  std::string prepend;                  // complete fields (CRLF-ended) to put first: trace fields
  std::vector<std::string_view> remove; // names of fields to drop (Bcc)
  std::string append;                   // complete fields to add at the end of the header
  // Fields to drop by what they say: called with each field's name and value (what
  // follows the colon, up to and including its last CRLF). Empty: none.
  std::function<bool(std::string_view name, std::string_view value)> remove_if = nullptr;
};

// MESSAGE's header with REWRITE applied, up to and including the empty line that ends it:
// the body (MESSAGE from index.body_start on) follows unchanged, so a large message's body
// need not be copied. An empty line is put between header and body when the message had
// none, so the body never reads as part of the header.
// The value of FIELD in MESSAGE: what follows its colon, folded lines and CRLF included.
std::string_view field_value(std::string_view message, const HeaderField& field);

std::string rewrite_header(std::string_view message, const HeaderIndex& index, const HeaderRewrite& rewrite);
// The whole of MESSAGE with REWRITE applied: rewrite_header, then the body.
std::string rewrite_message(std::string_view message, const HeaderIndex& index, const HeaderRewrite& rewrite);

}  // namespace carteiro::smtp
