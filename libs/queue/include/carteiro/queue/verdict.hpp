#pragma once
// What happened to one recipient (or to a whole attempt) this time, and the two ways a
// verdict comes from the remote side: its reply, or the connection breaking before it.
#include <string>

#include "carteiro/smtpwire/reply.hpp"

namespace carteiro::queue {

struct Verdict {
  enum class Kind { delivered, temporary, permanent };
  Kind kind = Kind::temporary;
  std::string status;   // RFC 3463 code: "2.0.0", "5.1.1", "4.4.1"
  std::string text;     // the remote reply ("550 5.1.1 no such user") or our own reason
  bool from_remote = false;  // TEXT is what the remote server replied
  std::string remote;   // the server: "mx.remote.test[127.0.0.2]"; "" when none answered
  std::string stage;    // the command it answered ("RCPT TO", "end of data"...), for people

  static Verdict temporary(std::string status, std::string text, std::string remote = {});
  static Verdict permanent(std::string status, std::string text, std::string remote = {});
  // "host mx.remote.test[127.0.0.2] said: 550 5.1.1 no such user (in reply to RCPT TO)"
  std::string describe() const;
};

// REMOTE's REPLY to STAGE: 2xx delivered, 5xx permanent, anything else temporary (a 3xx
// where none belongs counts as 4.5.0).
Verdict reply_verdict(const smtpwire::Reply& reply, std::string stage, const std::string& remote);

// The connection with REMOTE broke or timed out (WHY) before the reply to STAGE: nothing
// is known to be delivered, try again later. (After the final "." this may deliver twice:
// RFC 1047's known window.)
Verdict lost_connection(const std::string& remote, const std::string& why, const std::string& stage);

}  // namespace carteiro::queue
