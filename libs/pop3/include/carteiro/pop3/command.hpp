#pragma once
// POP3 command lines: RFC 1939 section 3 and the grammar of RFC 2449 section 3, with the
// commands of RFC 1939, RFC 2449 (CAPA), RFC 2595 (STLS) and RFC 5034 (AUTH). No I/O: the
// session hands in one line without its CRLF and gets a command or the reason it is not one.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace carteiro::pop3 {

// RFC 2449 section 4: a command line is at most 255 octets including the CRLF.
inline constexpr std::size_t kMaxCommandLine = 255 - 2;
// RFC 1939 section 3: an argument is at most 40 characters. Kept for numbers, mechanism
// names and digests; names, passwords and SASL responses may use the whole line that
// RFC 2449 section 4 allows (real addresses and passphrases are longer than 40).
inline constexpr std::size_t kMaxArgument = 40;

enum class Verb { user, pass, apop, auth, capa, stls, stat, list, retr, dele, noop, rset, quit, top, uidl };

struct Command {
  Verb verb = Verb::noop;
  std::string name;                      // USER and APOP: the login name; AUTH: the mechanism (upper case)
  std::string secret;                    // PASS: the password; APOP: the digest; AUTH: the initial response
  bool has_initial_response = false;     // AUTH: an initial response was given ("=" means empty)
  std::optional<std::uint32_t> message;  // LIST, UIDL (optional); RETR, DELE, TOP (required)
  std::uint32_t lines = 0;               // TOP: body lines wanted
};

struct ParseError {
  std::string reason;  // shown after "-ERR "
};

using ParseResult = std::variant<Command, ParseError>;

// One command line, without the line ending.
ParseResult parse_command(std::string_view line);

// The keyword's name as the protocol spells it ("RETR"), for logs and replies.
std::string_view verb_name(Verb verb);

}  // namespace carteiro::pop3
