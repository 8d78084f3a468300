#pragma once
// The parser's cursor and the basic rules of RFC 3501 section 9 that every command uses.
// Each function reads one grammar rule at the cursor and throws SyntaxError (with what was
// expected) or LiteralNeeded (the input ends at a literal marker: the session must read
// the literal and call again).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::imap::parser {

class SyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LiteralNeeded {
  std::size_t size;
  bool synchronizing;
  bool message;
};

// Characters of the formal syntax.
bool is_atom_char(char c);      // ATOM-CHAR: any CHAR except atom-specials
bool is_astring_char(char c);   // ASTRING-CHAR: ATOM-CHAR / resp-specials (']')
bool is_list_char(char c);      // list-char: ATOM-CHAR / list-wildcards / resp-specials
bool is_tag_char(char c);       // tag: any ASTRING-CHAR except '+'

class Reader {
 public:
  explicit Reader(std::string_view input) : input_(input) {}

  bool at_end() const { return pos_ >= input_.size(); }
  char peek() const { return at_end() ? '\0' : input_[pos_]; }
  bool peek_is(char c) const { return !at_end() && input_[pos_] == c; }
  bool peek_digit() const { return !at_end() && input_[pos_] >= '0' && input_[pos_] <= '9'; }
  char take() { return at_end() ? '\0' : input_[pos_++]; }
  // True and advance if the next characters are TEXT (case-insensitive for letters).
  bool accept(std::string_view text);
  void expect(char c, std::string_view what);
  void sp();                        // SP: exactly one space
  void end();                       // nothing left (the line's CRLF was already removed)

  std::string tag();                // tag = 1*<any ASTRING-CHAR except "+">
  std::string atom();               // atom = 1*ATOM-CHAR
  std::string astring();            // astring = 1*ASTRING-CHAR / string
  std::string string();             // string = quoted / literal
  std::string quoted();             // quoted = DQUOTE *QUOTED-CHAR DQUOTE
  std::string literal();            // literal = "{" number ["+"] "}" CRLF *CHAR8
  // APPEND's message: a literal under the message size limit. Its bytes are not in the
  // input (the session spools them, parser.hpp): only the marker and the CRLF after it.
  // Returns the announced size.
  std::size_t message_literal();
  std::optional<std::string> nstring();  // nstring = string / nil
  std::string list_mailbox();       // list-mailbox = 1*list-char / string
  std::uint32_t number();           // number = 1*DIGIT, fits in 32 bits
  std::uint32_t nz_number();        // nz-number = digit-nz *DIGIT
  std::uint64_t number64();         // number64 (RFC 4466), for sizes and mod-sequences

  std::size_t position() const { return pos_; }
  std::string_view rest() const { return input_.substr(pos_); }

 private:
  std::size_t literal_marker(bool message);  // "{" number ["+"] "}" CRLF: the size
  std::string_view input_;
  std::size_t pos_ = 0;
};

// Longest accepted quoted string or atom, so a line's worth of tokens stays bounded.
inline constexpr std::size_t kMaxQuoted = 64 * 1024;

}  // namespace carteiro::imap::parser
