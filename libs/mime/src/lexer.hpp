#pragma once
// Lexical pieces shared by the structured header parsers (RFC 5322 section 3.2, RFC 2045
// section 5.1): a cursor over a field value that skips comments and folding whitespace.
#include <string>
#include <string_view>

namespace carteiro::mime::lex {

struct Cursor {
  std::string_view text;
  std::size_t pos = 0;

  bool done() const { return pos >= text.size(); }
  char peek() const { return done() ? '\0' : text[pos]; }
  std::string_view rest() const { return done() ? std::string_view{} : text.substr(pos); }
};

bool is_wsp(char c);

// RFC 5322 section 3.2.2 CFWS: blanks, line breaks and (nested (comments)). An unterminated
// comment runs to the end. The text of the last comment skipped goes to LAST_COMMENT if given.
void skip_cfws(Cursor& c, std::string* last_comment = nullptr);

// RFC 5322 section 3.2.4 quoted-string starting at '"': the content with quoted-pairs
// undone. An unterminated string runs to the end.
std::string read_quoted(Cursor& c);

// RFC 2045 section 5.1 token: any CHAR but SPACE, CTLs and tspecials; 8-bit bytes are
// accepted, as real mail has them.
std::string_view read_token(Cursor& c);

}  // namespace carteiro::mime::lex
