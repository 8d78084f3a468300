// RFC 3501 section 9: string = quoted / literal; nstring = string / nil.
#include "carteiro/mime/imap_format.hpp"

namespace carteiro::mime {

namespace {

// Quoted strings are kept short: some clients handle long quoted strings badly.
constexpr std::size_t kMaxQuoted = 1024;

// quoted = DQUOTE *QUOTED-CHAR DQUOTE, QUOTED-CHAR = any TEXT-CHAR (CHAR minus CR, LF).
bool quotable(std::string_view value) {
  if (value.size() > kMaxQuoted) return false;
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c == 0 || c >= 0x80 || c == '\r' || c == '\n') return false;
  }
  return true;
}

}  // namespace

void append_string(std::string& out, std::string_view value) {
  if (quotable(value)) {
    out += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
    return;
  }
  // literal = "{" number "}" CRLF *CHAR8, and CHAR8 excludes NUL.
  std::string body;
  body.reserve(value.size());
  for (char c : value) {
    if (c == '\0')
      body += "\xEF\xBF\xBD";
    else
      body += c;
  }
  out += '{';
  out += std::to_string(body.size());
  out += "}\r\n";
  out += body;
}

void append_nstring(std::string& out, std::optional<std::string_view> value) {
  if (!value) {
    out += "NIL";
    return;
  }
  append_string(out, *value);
}

}  // namespace carteiro::mime
