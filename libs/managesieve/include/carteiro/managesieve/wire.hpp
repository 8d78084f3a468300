#pragma once
// The ManageSieve grammar (RFC 5804 section 4), both ways, in one place and without I/O.
//
// Client to server, a request (a command, or a line answering a SASL challenge) is tokens
// separated by spaces: atoms (the command name), numbers, quoted strings and literals
// "{N+}" CRLF followed by N octets. A literal ends its line, and the request goes on in the
// line after the octets. RequestReader is fed the lines and literals in the order they
// arrive and says what it needs next; it never reads.
//
// Server to client: responses "OK"/"NO"/"BYE" with an optional (CODE) and a human-readable
// string, and strings as quoted strings or, when they cannot be quoted, literals "{N}".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::managesieve {

// RFC 5804 section 4: quoted = DQUOTE *1024QUOTED-CHAR DQUOTE.
inline constexpr std::size_t kMaxQuoted = 1024;
// A command line without its literals; a SASL response quoted (2 KiB of base64) fits.
inline constexpr std::size_t kMaxRequestLine = 4096;
// Tokens in one request (PUTSCRIPT, the longest command, has three).
inline constexpr std::size_t kMaxTokens = 8;

struct Token {
  enum class Kind { atom, number, string };
  Kind kind = Kind::atom;
  std::string text;             // the atom, the digits, or the string's octets
  std::uint32_t number = 0;     // for Kind::number
};

struct Request {
  std::vector<Token> tokens;
};

class RequestReader {
 public:
  // MAX_LITERAL bounds each literal: a larger one is refused before it is read.
  explicit RequestReader(std::size_t max_literal) : max_literal_(max_literal) {}

  enum class Next {
    done,      // request() is complete (or error() says why it is not)
    line,      // a literal was taken: feed the line that follows its octets
    literal,   // read literal_size() octets and feed them (or skip them, see keep_literal())
  };
  // One line without its CRLF.
  Next feed_line(std::string_view line);
  // The literal's octets (empty when they were skipped).
  Next feed_literal(std::string octets);

  std::size_t literal_size() const { return literal_size_; }
  // False: the literal is over the bound; skip its octets (the request is refused anyway).
  bool keep_literal() const { return keep_literal_; }

  // Refuses the request for a reason found outside the grammar (a line cut short).
  void refuse(std::string reason) { fail(std::move(reason)); }
  // Set when the request is refused: the reason, said to the client.
  const std::optional<std::string>& error() const { return error_; }
  // The refusal is for a literal over the bound (RFC 5804 section 2.6: QUOTA/MAXSIZE).
  bool too_big() const { return too_big_; }
  const Request& request() const { return request_; }

 private:
  Next fail(std::string reason);
  std::size_t max_literal_;
  Request request_;
  std::optional<std::string> error_;
  bool too_big_ = false;
  std::size_t literal_size_ = 0;
  bool keep_literal_ = true;
};

// A string as the server sends it (RFC 5804 section 4 "string"): quoted when it may be,
// otherwise a literal "{N}" CRLF octets.
std::string wire_string(std::string_view text);

// "OK", "NO", "BYE" with an optional response code (RFC 5804 section 1.3, written with its
// parentheses: "(QUOTA/MAXSIZE)", "(TAG \"x\")") and text, CRLF at the end.
std::string response(std::string_view kind, std::string_view code, std::string_view text);

}  // namespace carteiro::managesieve
