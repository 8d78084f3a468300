#include "lexer.hpp"

#include <cstring>

namespace carteiro::mime::lex {

namespace {
bool is_tspecial(char c) { return c != '\0' && std::strchr("()<>@,;:\\\"/[]?=", c) != nullptr; }
}  // namespace

bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void skip_cfws(Cursor& c, std::string* last_comment) {
  while (!c.done()) {
    char ch = c.peek();
    if (is_wsp(ch)) {
      ++c.pos;
      continue;
    }
    if (ch != '(') return;
    std::string comment;
    int depth = 0;
    while (!c.done()) {
      char k = c.text[c.pos++];
      if (k == '\\' && !c.done()) {
        comment += c.text[c.pos++];
        continue;
      }
      if (k == '(') {
        if (depth++ > 0) comment += k;
        continue;
      }
      if (k == ')') {
        if (--depth == 0) break;
        comment += k;
        continue;
      }
      comment += k;
    }
    if (last_comment) *last_comment = std::move(comment);
  }
}

std::string read_quoted(Cursor& c) {
  std::string out;
  ++c.pos;  // the opening quote
  while (!c.done()) {
    char k = c.text[c.pos++];
    if (k == '"') break;
    if (k == '\\' && !c.done()) k = c.text[c.pos++];
    if (k == '\r' || k == '\n') continue;  // folding inside a quoted string
    out += k;
  }
  return out;
}

std::string_view read_token(Cursor& c) {
  std::size_t start = c.pos;
  while (!c.done()) {
    auto k = static_cast<unsigned char>(c.peek());
    if (k <= 32 || k == 127 || is_tspecial(static_cast<char>(k))) break;
    ++c.pos;
  }
  return c.text.substr(start, c.pos - start);
}

}  // namespace carteiro::mime::lex
