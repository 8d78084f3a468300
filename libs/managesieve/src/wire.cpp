#include "carteiro/managesieve/wire.hpp"

#include <fmt/format.h>

#include "carteiro/sieve/managed_sections.hpp"

namespace carteiro::managesieve {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 5804 section 4 ATOM-CHAR: any CHAR but the specials, space and controls.
bool is_atom_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && c != '"' && c != '(' && c != ')' && c != '{' && c != '\\' && c != '%' && c != '*';
}

// A number that fits 32 bits (RFC 5804 section 4: number = 1*DIGIT, "< 4,294,967,296").
std::optional<std::uint32_t> parse_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  if (n > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

// A literal's announcement "{N+}" (or "{N}") at the end of LINE: N, or nullopt.
std::optional<std::uint32_t> trailing_literal(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  auto open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  auto inside = line.substr(open + 1, line.size() - open - 2);
  if (!inside.empty() && inside.back() == '+') inside.remove_suffix(1);
  return parse_number(inside);
}

// Whether TEXT may be sent as a quoted string: short enough, and only SAFE-UTF8-CHARs
// and the two escaped specials (no NUL, CR or LF).
bool quotable(std::string_view text) {
  return text.size() <= kMaxQuoted && text.find_first_of(std::string_view("\0\r\n", 3)) == std::string_view::npos;
}

}  // namespace

RequestReader::Next RequestReader::fail(std::string reason) {
  if (!error_) error_ = std::move(reason);
  return Next::done;
}

RequestReader::Next RequestReader::feed_line(std::string_view line) {
  if (error_) {
    // The client sends the octets of a literal it announced whatever we think of the
    // line (RFC 5804 literals do not wait for the server): skip them, never run them.
    if (auto n = trailing_literal(line)) {
      literal_size_ = *n;
      keep_literal_ = false;
      return Next::literal;
    }
    return Next::done;
  }
  if (line.find('\0') != std::string_view::npos) {
    fail("NUL is not allowed in a command");
    return feed_line(line);
  }
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i >= line.size()) return Next::done;
    if (request_.tokens.size() >= kMaxTokens) {
      fail("Too many arguments");
      return feed_line(line);
    }
    char c = line[i];
    Token token;
    if (c == '"') {
      // quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR = SAFE-UTF8-CHAR / "\" QUOTED-SPECIALS
      token.kind = Token::Kind::string;
      bool closed = false;
      for (++i; i < line.size(); ++i) {
        if (line[i] == '"') {
          closed = true;
          ++i;
          break;
        }
        if (line[i] == '\\') {
          if (i + 1 >= line.size() || (line[i + 1] != '"' && line[i + 1] != '\\')) {
            fail("In a quoted string, \\ may only escape \" or \\");
            return feed_line(line);
          }
          ++i;
        }
        token.text += line[i];
      }
      if (!closed) {
        fail("Unterminated quoted string (a string of several lines must be a literal {N+})");
        return feed_line(line);
      }
      if (i < line.size() && !is_space(line[i])) {
        fail("Expected a space between arguments");
        return feed_line(line);
      }
      if (token.text.size() > kMaxQuoted) {
        fail(fmt::format("Quoted string longer than {} octets (use a literal {{N+}})", kMaxQuoted));
        return feed_line(line);
      }
    } else if (c == '{') {
      // literal-c2s = "{" number "+}" CRLF *OCTET; "{N}" is taken too (RFC 5804 has no
      // continuation request, so the two mean the same here). It must end the line.
      auto close = line.find('}', i);
      auto n = close == line.size() - 1 ? trailing_literal(line.substr(i)) : std::nullopt;
      if (!n) {
        fail("A literal is {N+} at the end of a line, N a number of octets");
        return feed_line(line);
      }
      literal_size_ = *n;
      keep_literal_ = *n <= max_literal_;
      if (!keep_literal_) {
        too_big_ = true;
        fail(fmt::format("A string of {} octets is over the limit of {}", *n, max_literal_));
      }
      return Next::literal;
    } else if (is_digit(c)) {
      auto end = i;
      while (end < line.size() && !is_space(line[end])) ++end;
      auto n = parse_number(line.substr(i, end - i));
      if (!n) {
        fail(fmt::format("\"{}\" is not a number below 4294967296", line.substr(i, end - i)));
        return feed_line(line);
      }
      token.kind = Token::Kind::number;
      token.text = std::string(line.substr(i, end - i));
      token.number = *n;
      i = end;
    } else if (is_atom_char(c)) {
      while (i < line.size() && is_atom_char(line[i])) token.text += line[i++];
      if (i < line.size() && !is_space(line[i])) {
        fail("Expected a space between arguments");
        return feed_line(line);
      }
    } else {
      fail(fmt::format("Unexpected character \"{}\"", line.substr(i, 1)));
      return feed_line(line);
    }
    request_.tokens.push_back(std::move(token));
  }
}

RequestReader::Next RequestReader::feed_literal(std::string octets) {
  if (!error_) {
    Token token;
    token.kind = Token::Kind::string;
    token.text = std::move(octets);
    request_.tokens.push_back(std::move(token));
  }
  return Next::line;
}

std::string wire_string(std::string_view text) {
  if (!quotable(text)) return fmt::format("{{{}}}\r\n{}", text.size(), text);
  // The same escapes as a quoted string in a Sieve script (RFC 5228 section 2.4.2).
  return sieve::quoted_string(text);
}

std::string response(std::string_view kind, std::string_view code, std::string_view text) {
  std::string out(kind);
  if (!code.empty()) {
    out += ' ';
    out += code;
  }
  if (!text.empty()) {
    out += ' ';
    out += wire_string(text);
  }
  out += "\r\n";
  return out;
}

}  // namespace carteiro::managesieve
