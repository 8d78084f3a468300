// RFC 5228 section 8.1, one function per lexical rule.
#include "lexer.hpp"

#include <fmt/format.h>

#include <limits>

#include "carteiro/common/strings.hpp"

namespace carteiro::sieve {

namespace {

// Numbers are bounded so that the interpreter may compute with them as int64 (RFC 5228
// section 2.4.1 only asks for 2^31 - 1).
constexpr std::uint64_t kMaxNumber = std::numeric_limits<std::int64_t>::max();

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_start(char c) { return is_alpha(c) || c == '_'; }
bool is_identifier_char(char c) { return is_identifier_start(c) || is_digit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {
    // A byte order mark some editors write first is not part of the script; columns
    // still count its octets.
    if (text_.starts_with("\xEF\xBB\xBF")) {
      pos_ = 3;
      column_ = 4;
    }
  }

  LexResult run() {
    LexResult result;
    while (!error_) {
      skip_white_space_and_comments();
      if (error_) break;
      if (at_end()) {
        result.tokens.push_back(Token{Token::Kind::end, {}, 0, here()});
        break;
      }
      read_token(result.tokens);
    }
    if (error_) {
      result.tokens.clear();
      result.error = std::move(error_);
    }
    return result;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  Position here() const { return Position{line_, column_}; }

  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  void fail(Position at, std::string message) {
    if (!error_) error_ = CompileError{at.line, at.column, std::move(message)};
  }

  // A line end here (CRLF or LF): consumes it. A CR alone is an error: RFC 5228 lines end
  // in CRLF, and a lone CR is most likely a mangled upload.
  bool line_end() {
    if (peek() == '\n') {
      advance();
      return true;
    }
    if (peek() == '\r') {
      if (peek(1) == '\n') {
        advance();
        advance();
        return true;
      }
      fail(here(), "CR not followed by LF");
    }
    return false;
  }

  // white-space = 1*(SP / CRLF / HTAB) / comment
  void skip_white_space_and_comments() {
    while (!at_end() && !error_) {
      char c = peek();
      if (c == ' ' || c == '\t') {
        advance();
      } else if (c == '\r' || c == '\n') {
        line_end();
      } else if (c == '#') {
        hash_comment();
      } else if (c == '/' && peek(1) == '*') {
        bracket_comment();
      } else {
        return;
      }
    }
  }

  // hash-comment = "#" *octet-not-crlf CRLF (the last line may end without one)
  void hash_comment() {
    while (!at_end() && peek() != '\n' && peek() != '\r') advance();
    if (!at_end()) line_end();
  }

  // bracket-comment = "/*" *not-star 1*STAR *(not-star-slash *not-star 1*STAR) "/"
  void bracket_comment() {
    Position start = here();
    advance();
    advance();
    while (!at_end()) {
      if (peek() == '*' && peek(1) == '/') {
        advance();
        advance();
        return;
      }
      if (peek() == '\r') {
        if (!line_end()) return;
      } else {
        advance();
      }
    }
    fail(start, "unterminated comment (expected \"*/\")");
  }

  void read_token(std::vector<Token>& tokens) {
    Position start = here();
    char c = peek();
    Token token{Token::Kind::end, {}, 0, start};
    switch (c) {
      case '[': token.kind = Token::Kind::left_bracket; break;
      case ']': token.kind = Token::Kind::right_bracket; break;
      case '(': token.kind = Token::Kind::left_paren; break;
      case ')': token.kind = Token::Kind::right_paren; break;
      case '{': token.kind = Token::Kind::left_brace; break;
      case '}': token.kind = Token::Kind::right_brace; break;
      case ',': token.kind = Token::Kind::comma; break;
      case ';': token.kind = Token::Kind::semicolon; break;
      default: break;
    }
    if (token.kind != Token::Kind::end) {
      advance();
    } else if (c == '"') {
      token.kind = Token::Kind::string;
      token.text = quoted_string();
    } else if (c == ':') {
      advance();
      if (!is_identifier_start(peek())) {
        fail(start, "expected an identifier after ':'");
        return;
      }
      token.kind = Token::Kind::tag;
      token.text = identifier();
    } else if (is_digit(c)) {
      token.kind = Token::Kind::number;
      token.number = number();
    } else if (is_identifier_start(c)) {
      token.text = identifier();
      if (token.text == "text" && peek() == ':') {
        token.kind = Token::Kind::string;
        token.text = multi_line(start);
      } else {
        token.kind = Token::Kind::identifier;
      }
    } else {
      auto octet = static_cast<unsigned char>(c);
      fail(start, octet > 32 && octet < 127 ? fmt::format("unexpected character '{}'", c)
                                            : fmt::format("unexpected octet 0x{:02X}", octet));
      return;
    }
    if (!error_) tokens.push_back(std::move(token));
  }

  // identifier = (ALPHA / "_") *(ALPHA / DIGIT / "_"), case-insensitive
  std::string identifier() {
    std::size_t begin = pos_;
    while (!at_end() && is_identifier_char(peek())) advance();
    return to_lower(text_.substr(begin, pos_ - begin));
  }

  // number = 1*DIGIT [ QUANTIFIER ]; QUANTIFIER = "K" / "M" / "G" (RFC 5228 2.4.1)
  std::uint64_t number() {
    Position start = here();
    std::uint64_t value = 0;
    bool overflow = false;
    while (!at_end() && is_digit(peek())) {
      auto digit = static_cast<std::uint64_t>(peek() - '0');
      if (value > (kMaxNumber - digit) / 10) overflow = true;
      else value = value * 10 + digit;
      advance();
    }
    unsigned shift = 0;
    switch (peek()) {
      case 'K': case 'k': shift = 10; break;
      case 'M': case 'm': shift = 20; break;
      case 'G': case 'g': shift = 30; break;
      default: break;
    }
    if (shift != 0) {
      advance();
      if (value > (kMaxNumber >> shift)) overflow = true;
      else value <<= shift;
    }
    if (overflow) fail(start, fmt::format("number too large (the largest is {})", kMaxNumber));
    return value;
  }

  // quoted-string = DQUOTE quoted-text DQUOTE; "\\" and "\"" are escapes, and any other
  // backslash is dropped (RFC 5228 section 2.4.2).
  std::string quoted_string() {
    Position start = here();
    advance();
    std::string value;
    while (!error_) {
      if (at_end()) {
        fail(start, "unterminated string (expected '\"')");
        break;
      }
      char c = peek();
      if (c == '"') {
        advance();
        break;
      }
      if (c == '\r' || c == '\n') {
        if (line_end()) value += "\r\n";
        continue;
      }
      if (c == '\\') {
        advance();
        if (at_end()) continue;  // reported as unterminated
        c = peek();
        if (c == '\r' || c == '\n') continue;  // the line end itself, kept as above
      }
      value += c;
      advance();
    }
    return value;
  }

  // multi-line = "text:" *(SP / HTAB) (hash-comment / CRLF)
  //              *(multiline-literal / multiline-dotstart) "." CRLF
  // A line starting with "." loses that dot (dot-stuffing, RFC 5228 section 2.4.2).
  std::string multi_line(Position start) {
    advance();  // ':'
    while (peek() == ' ' || peek() == '\t') advance();
    if (peek() == '#') {
      hash_comment();
    } else if (!line_end()) {
      if (!error_) fail(here(), "expected end of line after \"text:\"");
      return {};
    }
    std::string value;
    while (!error_) {
      if (at_end()) {
        fail(start, "unterminated multi-line string (expected a line with a single '.')");
        break;
      }
      std::size_t begin = pos_;
      while (!at_end() && peek() != '\r' && peek() != '\n') advance();
      std::string_view line = text_.substr(begin, pos_ - begin);
      bool ended = !at_end() && line_end();
      if (error_) break;
      if (line == ".") break;
      if (!line.empty() && line.front() == '.') line.remove_prefix(1);
      value += line;
      if (ended || !at_end()) value += "\r\n";
    }
    return value;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
  std::optional<CompileError> error_;
};

// Line and column of OFFSET in TEXT.
Position position_of(std::string_view text, std::size_t offset) {
  Position at;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

}  // namespace

std::string describe(const Token& token) {
  switch (token.kind) {
    case Token::Kind::identifier: return fmt::format("identifier \"{}\"", token.text);
    case Token::Kind::tag: return fmt::format("tag \":{}\"", token.text);
    case Token::Kind::number: return fmt::format("number {}", token.number);
    case Token::Kind::string: return "string";
    case Token::Kind::left_bracket: return "'['";
    case Token::Kind::right_bracket: return "']'";
    case Token::Kind::left_paren: return "'('";
    case Token::Kind::right_paren: return "')'";
    case Token::Kind::left_brace: return "'{'";
    case Token::Kind::right_brace: return "'}'";
    case Token::Kind::comma: return "','";
    case Token::Kind::semicolon: return "';'";
    case Token::Kind::end: return "end of script";
  }
  return "token";
}

LexResult tokenize(std::string_view text) {
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    Position at = position_of(text, nul);
    return LexResult{{}, CompileError{at.line, at.column, "NUL octet in script"}};
  }
  if (auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
    Position at = position_of(text, bad);
    return LexResult{{},
                     CompileError{at.line, at.column, "invalid UTF-8 (a script is UTF-8 text)"}};
  }
  return Lexer(text).run();
}

}  // namespace carteiro::sieve
