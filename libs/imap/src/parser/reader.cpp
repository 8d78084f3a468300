#include "parser/reader.hpp"

#include <fmt/format.h>

#include <limits>

namespace carteiro::imap::parser {

namespace {
bool is_ctl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_8bit(char c) { return static_cast<unsigned char>(c) >= 0x80; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string describe(std::string_view rest) {
  if (rest.empty()) return "the end of the line";
  char c = rest.front();
  if (c == ' ') return "a space";
  if (is_ctl(c) || is_8bit(c)) return fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
  return fmt::format("'{}'", c);
}
}  // namespace

// RFC 3501 section 9: atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards /
// quoted-specials / resp-specials; ATOM-CHAR = <any CHAR except atom-specials>.
bool is_atom_char(char c) {
  if (is_ctl(c) || is_8bit(c)) return false;
  switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\': case ']':
      return false;
    default:
      return true;
  }
}

// ASTRING-CHAR = ATOM-CHAR / resp-specials
bool is_astring_char(char c) { return is_atom_char(c) || c == ']'; }

// list-char = ATOM-CHAR / list-wildcards / resp-specials
bool is_list_char(char c) { return is_atom_char(c) || c == '%' || c == '*' || c == ']'; }

// tag = 1*<any ASTRING-CHAR except "+">
bool is_tag_char(char c) { return is_astring_char(c) && c != '+'; }

bool Reader::accept(std::string_view text) {
  if (input_.size() - pos_ < text.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (upper(input_[pos_ + i]) != upper(text[i])) return false;
  pos_ += text.size();
  return true;
}

void Reader::expect(char c, std::string_view what) {
  if (!peek_is(c)) throw SyntaxError(fmt::format("expected {} but found {}", what, describe(rest())));
  ++pos_;
}

void Reader::sp() {
  if (!peek_is(' ')) throw SyntaxError(fmt::format("expected a space but found {}", describe(rest())));
  ++pos_;
  if (peek_is(' ')) throw SyntaxError("expected one space but found two");
}

void Reader::end() {
  if (!at_end()) throw SyntaxError(fmt::format("unexpected {} after the command", describe(rest())));
}

std::string Reader::tag() {
  auto start = pos_;
  while (!at_end() && is_tag_char(input_[pos_])) ++pos_;
  if (pos_ == start) throw SyntaxError("expected a tag");
  return std::string(input_.substr(start, pos_ - start));
}

std::string Reader::atom() {
  auto start = pos_;
  while (!at_end() && is_atom_char(input_[pos_])) ++pos_;
  if (pos_ == start) throw SyntaxError(fmt::format("expected an atom but found {}", describe(rest())));
  if (pos_ - start > kMaxQuoted) throw SyntaxError("atom too long");
  return std::string(input_.substr(start, pos_ - start));
}

// astring = 1*ASTRING-CHAR / string
std::string Reader::astring() {
  if (peek_is('"') || peek_is('{')) return string();
  auto start = pos_;
  while (!at_end() && is_astring_char(input_[pos_])) ++pos_;
  if (pos_ == start) throw SyntaxError(fmt::format("expected an atom or a string but found {}", describe(rest())));
  if (pos_ - start > kMaxQuoted) throw SyntaxError("atom too long");
  return std::string(input_.substr(start, pos_ - start));
}

// string = quoted / literal
std::string Reader::string() {
  if (peek_is('"')) return quoted();
  if (peek_is('{')) return literal();
  throw SyntaxError(fmt::format("expected a string but found {}", describe(rest())));
}

// quoted = DQUOTE *QUOTED-CHAR DQUOTE
// QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> / "\" quoted-specials
// 8-bit bytes are accepted as UTF-8 (as RFC 9051 and the deployed servers do); CR, LF and
// NUL are not.
std::string Reader::quoted() {
  expect('"', "'\"'");
  std::string out;
  for (;;) {
    if (at_end()) throw SyntaxError("unterminated quoted string");
    char c = input_[pos_++];
    if (c == '"') return out;
    if (c == '\\') {
      if (at_end() || (input_[pos_] != '"' && input_[pos_] != '\\'))
        throw SyntaxError("a backslash in a quoted string must be followed by '\"' or '\\'");
      c = input_[pos_++];
    } else if (c == '\r' || c == '\n' || c == '\0') {
      throw SyntaxError("CR, LF or NUL in a quoted string (use a literal)");
    }
    if (out.size() >= kMaxQuoted) throw SyntaxError("quoted string too long");
    out += c;
  }
}

// literal = "{" number ["+"] "}" CRLF *CHAR8   (the "+" is LITERAL+, RFC 7888)
std::string Reader::literal() {
  auto size = literal_marker(false);
  if (input_.size() - pos_ < size) throw SyntaxError("literal shorter than announced");
  auto bytes = input_.substr(pos_, size);
  if (bytes.find('\0') != std::string_view::npos) throw SyntaxError("NUL in a literal");
  pos_ += size;
  return std::string(bytes);
}

// The same marker; the message's bytes themselves (any octet, NUL included) never reach
// the parser.
std::size_t Reader::message_literal() { return literal_marker(true); }

std::size_t Reader::literal_marker(bool message) {
  expect('{', "'{'");
  if (!is_digit(peek())) throw SyntaxError("expected the literal's size");
  std::uint64_t size = 0;
  while (is_digit(peek())) {
    size = size * 10 + static_cast<unsigned>(input_[pos_++] - '0');
    // Anything this large is refused by the session; stop before it overflows.
    if (size > std::numeric_limits<std::uint32_t>::max()) throw SyntaxError("literal size too large");
  }
  bool synchronizing = !accept("+");
  expect('}', "'}' closing the literal's size");
  if (at_end()) throw LiteralNeeded{static_cast<std::size_t>(size), synchronizing, message};
  if (!accept("\r\n")) throw SyntaxError("a literal's size must end the line");
  return static_cast<std::size_t>(size);
}

// nstring = string / nil
std::optional<std::string> Reader::nstring() {
  if (accept("NIL")) return std::nullopt;
  return string();
}

// list-mailbox = 1*list-char / string
std::string Reader::list_mailbox() {
  if (peek_is('"') || peek_is('{')) return string();
  auto start = pos_;
  while (!at_end() && is_list_char(input_[pos_])) ++pos_;
  if (pos_ == start) throw SyntaxError(fmt::format("expected a mailbox pattern but found {}", describe(rest())));
  return std::string(input_.substr(start, pos_ - start));
}

// number = 1*DIGIT ; unsigned 32-bit integer
std::uint32_t Reader::number() {
  auto v = number64();
  if (v > std::numeric_limits<std::uint32_t>::max()) throw SyntaxError("number too large");
  return static_cast<std::uint32_t>(v);
}

// nz-number = digit-nz *DIGIT
std::uint32_t Reader::nz_number() {
  if (peek_is('0')) throw SyntaxError("expected a number greater than zero");
  return number();
}

// number64 = 1*DIGIT ; unsigned 63-bit integer (RFC 4466 section 2.2)
std::uint64_t Reader::number64() {
  if (!is_digit(peek())) throw SyntaxError(fmt::format("expected a number but found {}", describe(rest())));
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t v = 0;
  while (is_digit(peek())) {
    auto digit = static_cast<unsigned>(input_[pos_++] - '0');
    if (v > (kMax - digit) / 10) throw SyntaxError("number too large");
    v = v * 10 + digit;
  }
  return v;
}

}  // namespace carteiro::imap::parser
