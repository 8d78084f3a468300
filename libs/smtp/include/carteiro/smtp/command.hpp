#pragma once
// The SMTP command line (RFC 5321 section 4.1.1): a verb, case-insensitive (section 2.4),
// then SP and the arguments. Pure: no I/O, tested with wire strings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::smtp {

enum class Verb { helo, ehlo, mail, rcpt, data, bdat, rset, noop, quit, vrfy, expn, help, starttls, auth, turn, unknown };

struct CommandLine {
  Verb verb = Verb::unknown;
  std::string_view verb_text;  // as typed (for logs and "unknown command" replies)
  std::string_view argument;   // after the verb and its spaces, trailing spaces removed
};

// Splits LINE (without its CRLF). Leading spaces are tolerated (a human at a telnet
// prompt); an empty line or one whose verb is not a known command gives Verb::unknown.
CommandLine parse_command_line(std::string_view line);
std::string_view verb_name(Verb verb);  // "MAIL", "RCPT"...

// RFC 3030 section 2: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ];
// chunk-size = 1*DIGIT; end-marker = "LAST" (case-insensitive). nullopt when malformed
// (the session cannot know how many octets follow and must hang up).
struct BdatArgument {
  std::uint64_t size = 0;
  bool last = false;
};
std::optional<BdatArgument> parse_bdat_argument(std::string_view argument);

}  // namespace carteiro::smtp
