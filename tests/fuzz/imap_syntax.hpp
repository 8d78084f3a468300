#pragma once
// A checker for what the server writes in IMAP responses (RFC 3501 section 9): NIL,
// numbers, quoted strings, literals and parenthesised lists. Elements of a list are
// separated by one space, except that the bodies of a body-type-mpart follow each other
// directly ("(...)(...) "mixed""). Used to check ENVELOPE, BODY and BODYSTRUCTURE.
#include <cstddef>
#include <optional>
#include <string_view>

namespace carteiro::fuzz {

class ImapSyntax {
 public:
  explicit ImapSyntax(std::string_view text) : text_(text) {}

  // The number of elements of the list that is the whole text; nullopt if malformed.
  std::optional<std::size_t> list_length() {
    std::size_t n = 0;
    if (!list(0, &n) || pos_ != text_.size()) return std::nullopt;
    return n;
  }
  // True when the whole text is one value.
  bool one_value() { return value(0) && pos_ == text_.size(); }

 private:
  static constexpr int kMaxNesting = 200;

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool value(int depth) {
    if (at('(')) return list(depth, nullptr);
    if (at('"')) return quoted();
    if (at('{')) return literal();
    if (text_.substr(pos_, 3) == "NIL") {
      pos_ += 3;
      return true;
    }
    return number();
  }

  bool list(int depth, std::size_t* count) {
    if (depth > kMaxNesting || !at('(')) return false;
    ++pos_;
    std::size_t n = 0;
    while (!at(')')) {
      if (n > 0) {
        bool adjacent_lists = pos_ > 0 && text_[pos_ - 1] == ')' && at('(');
        if (!adjacent_lists) {
          if (!at(' ')) return false;
          ++pos_;
        }
      }
      if (!value(depth + 1)) return false;
      ++n;
    }
    ++pos_;
    if (count) *count = n;
    return true;
  }

  // quoted = DQUOTE *QUOTED-CHAR DQUOTE; no CR, LF, NUL or 8-bit bytes inside.
  bool quoted() {
    ++pos_;
    while (pos_ < text_.size()) {
      auto c = static_cast<unsigned char>(text_[pos_++]);
      if (c == '"') return true;
      if (c == '\\') {
        if (!at('"') && !at('\\')) return false;
        ++pos_;
      } else if (c == '\0' || c == '\r' || c == '\n' || c >= 0x80) {
        return false;
      }
    }
    return false;
  }

  // literal = "{" number "}" CRLF *CHAR8, CHAR8 being any byte but NUL.
  bool literal() {
    ++pos_;
    std::size_t size = 0, digits = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && digits < 10) {
      size = size * 10 + static_cast<std::size_t>(text_[pos_++] - '0');
      ++digits;
    }
    if (digits == 0 || text_.substr(pos_, 3) != "}\r\n") return false;
    pos_ += 3;
    if (text_.size() - pos_ < size) return false;
    if (text_.substr(pos_, size).find('\0') != std::string_view::npos) return false;
    pos_ += size;
    return true;
  }

  bool number() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace carteiro::fuzz
