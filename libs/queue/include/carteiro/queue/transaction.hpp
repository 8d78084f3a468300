#pragma once
// One mail transaction (RFC 5321 section 3.3) as the client saw it, and what it means for
// each recipient. The client first collects the replies, then transaction_verdicts()
// works out every recipient's verdict from them alone: pure, tested with made-up replies.
#include <optional>
#include <string>
#include <vector>

#include "carteiro/smtpwire/reply.hpp"
#include "carteiro/queue/verdict.hpp"

namespace carteiro::queue {

// The replies in the order of the dialogue. An absent reply was never received: its
// command was not sent (the dialogue did not get that far, or had no reason to), or the
// connection broke first (LOST says so, and why).
struct TransactionReplies {
  // What became of the message itself, after a 354 to DATA.
  enum class Message {
    not_sent,     // no 354, or no recipient to send it for
    interrupted,  // the connection broke while it was sent
    unreadable,   // the queue could not read it; the connection was closed without the "."
    sent,         // sent whole, with the final "."
  };

  std::string peer;                        // "mx.remote.test[192.0.2.1]"
  bool pipelined = false;                  // MAIL, every RCPT and DATA went as one group (RFC 2920)
  std::optional<smtpwire::Reply> mail;               // to MAIL FROM
  std::vector<std::optional<smtpwire::Reply>> rcpt;  // to each RCPT TO: one per recipient, in order
  std::optional<smtpwire::Reply> data;               // to DATA (354: go on)
  Message message = Message::not_sent;
  std::optional<smtpwire::Reply> end_of_data;        // to the final "."
  std::optional<std::string> lost;         // the connection broke: the link's reason
};

// One verdict per recipient (REPLIES.rcpt's order), each naming the step that decided it
// ("MAIL FROM", "RCPT TO", "DATA", "the message data", "end of data").
std::vector<Verdict> transaction_verdicts(const TransactionReplies& replies);

}  // namespace carteiro::queue
