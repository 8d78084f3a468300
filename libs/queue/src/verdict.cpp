#include "carteiro/queue/verdict.hpp"

namespace carteiro::queue {

Verdict Verdict::temporary(std::string status, std::string text, std::string remote) {
  return Verdict{Kind::temporary, std::move(status), std::move(text), false, std::move(remote), {}};
}

Verdict Verdict::permanent(std::string status, std::string text, std::string remote) {
  return Verdict{Kind::permanent, std::move(status), std::move(text), false, std::move(remote), {}};
}

std::string Verdict::describe() const {
  if (!from_remote) return text;
  std::string out = "host " + remote + " said: " + text;
  if (!stage.empty()) out += " (in reply to " + stage + ")";
  return out;
}

Verdict reply_verdict(const smtpwire::Reply& reply, std::string stage, const std::string& remote) {
  Verdict v;
  v.kind = reply.positive()    ? Verdict::Kind::delivered
           : reply.permanent() ? Verdict::Kind::permanent
                               : Verdict::Kind::temporary;  // 4xx, and a 3xx where none belongs
  v.status = reply.intermediate() ? "4.5.0" : reply.status();
  v.text = reply.text();
  v.from_remote = true;
  v.remote = remote;
  v.stage = std::move(stage);
  return v;
}

Verdict lost_connection(const std::string& remote, const std::string& why, const std::string& stage) {
  return Verdict::temporary("4.4.2", "lost connection with " + remote + " while waiting for the reply to " + stage +
                                         ": " + why,
                            remote);
}

}  // namespace carteiro::queue
