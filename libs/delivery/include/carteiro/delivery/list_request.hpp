#pragma once
// Mail to a list's robot, LIST-request@domain, the address its posts' List-Unsubscribe
// field names (RFC 2369 section 3.2). The command is the Subject, or else the first
// non-empty line of the body, as list managers read it:
//   subscribe | join          ask to join (open lists only)
//   unsubscribe | leave       ask to leave
//   confirm TOKEN             answer a confirmation request
//   help                      (and anything else) a note on these commands
// Joining and leaving both wait for a confirmation mailed to the address in question, with
// a token to send back, so that a forged request changes nothing (list_answer.hpp).
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/delivery/deliver.hpp"

namespace carteiro::delivery {

enum class ListCommand { subscribe, unsubscribe, confirm, help };

struct ParsedListCommand {
  ListCommand command = ListCommand::help;
  std::string token;  // confirm: lower case; empty when the line had none fit to be one
  bool operator==(const ParsedListCommand&) const = default;
};

inline constexpr std::size_t kMaxTokenLength = 64;

// One line, after any "Re:" or "Fwd:" a reply puts before a subject; nullopt when the
// line holds no command.
std::optional<ParsedListCommand> parse_list_command(std::string_view line);
// The command of MESSAGE (header and body): its Subject's, else its body's first
// non-empty line's; help when neither holds one.
ParsedListCommand find_list_command(std::string_view message);

// A request to carry out at delivery.
struct ListRequest {
  std::string list;       // the list's address
  std::string requester;  // the envelope sender: whom the answer goes to (RFC 2369)
  ParsedListCommand command;
  std::string message_id;  // the request's Message-ID, for the answer's In-Reply-To
};

// The request MESSAGE makes of LIST, or nullopt (logged) when it must not be answered:
// the null sender, a mailer-daemon, mail marked Auto-Submitted or Precedence
// bulk/junk/list (RFC 3834 section 2: never answer automatic mail, or two robots would
// talk for ever).
std::optional<ListRequest> plan_list_request(std::string_view list, const Envelope& envelope,
                                             std::string_view message);

}  // namespace carteiro::delivery
