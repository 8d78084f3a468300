#pragma once
// Vacation replies (RFC 5230) with the rules of RFC 3834 for automatic responses: whom
// never to answer, and what the reply looks like. Pure: the caller supplies the addresses,
// the date and the Message-ID, and remembers whom it answered (store/sieve_memory.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::delivery {

enum class VacationVerdict {
  reply,
  null_sender,     // a bounce (RFC 3834 section 2)
  system_sender,   // MAILER-DAEMON, LISTSERV, majordomo, owner-*, *-request, *-owner (RFC 5230 4.6)
  list,            // a List-* field or Precedence: bulk/list/junk (RFC 3834 section 2)
  auto_submitted,  // Auto-Submitted other than "no" (RFC 3834 section 5)
  not_addressed,   // none of the account's addresses in To/Cc/Bcc/Resent-* (RFC 5230 4.5)
};

struct VacationCheck {
  std::string_view header;         // the message's header section
  std::string_view envelope_sender;
  // The account's address, its aliases and the script's :addresses.
  std::vector<std::string> own_addresses;
};

VacationVerdict vacation_verdict(const VacationCheck& check);
// For the log: "the sender is a list", ...
std::string_view describe(VacationVerdict verdict);

struct VacationReplyInput {
  std::string from;          // the account's address, or :from (an address or "Name <address>")
  std::string to;            // the envelope sender
  std::string subject;       // :subject; "" for "Auto: " and the original subject
  std::string reason;        // the text, or a MIME entity when mime is set
  bool mime = false;
  std::string_view original_header;  // for Subject, Message-ID and References
  std::string message_id;    // "<...@host>" for the reply itself
  std::int64_t date = 0;
};

// The whole reply message, CRLF lines: From, To, Subject, Date, Message-ID, In-Reply-To
// and References (RFC 5230 section 4.7), Auto-Submitted: auto-replied, MIME fields, body.
std::string make_vacation_reply(const VacationReplyInput& input);

}  // namespace carteiro::delivery
