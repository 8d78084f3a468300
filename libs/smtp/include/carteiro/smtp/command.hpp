#pragma once
// The SMTP command line (RFC 5321 section 4.1.1): a verb, case-insensitive (section 2.4),
// then SP and the arguments. Pure: no I/O, tested with wire strings.
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

}  // namespace carteiro::smtp
