#include "carteiro/queue/transaction.hpp"

#include <algorithm>

namespace carteiro::queue {

std::vector<Verdict> transaction_verdicts(const TransactionReplies& r) {
  const auto n = r.rcpt.size();
  const std::string why = r.lost.value_or("");
  auto lost = [&](const std::string& stage) { return lost_connection(r.peer, why, stage); };
  auto said = [&](const smtpwire::Reply& reply, const std::string& stage) { return reply_verdict(reply, stage, r.peer); };

  // RFC 5321 section 3.3: a refused MAIL refuses the whole transaction.
  if (!r.mail) return std::vector<Verdict>(n, lost("MAIL FROM"));
  if (!r.mail->positive()) return std::vector<Verdict>(n, said(*r.mail, "MAIL FROM"));

  std::vector<Verdict> out(n);
  std::vector<std::size_t> accepted;
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.rcpt[i]) out[i] = lost("RCPT TO");
    else if (!r.rcpt[i]->positive()) out[i] = said(*r.rcpt[i], "RCPT TO");
    else accepted.push_back(i);
  }
  if (accepted.empty()) return out;

  if (!r.data) {
    // The connection broke before DATA's reply. In a pipelined group (RFC 2920) the
    // accepted recipients were waiting for it, as they were once every RCPT was answered;
    // else the dialogue broke off among the RCPTs.
    auto answered = [](const std::optional<smtpwire::Reply>& reply) { return reply.has_value(); };
    const bool all_answered = std::all_of(r.rcpt.begin(), r.rcpt.end(), answered);
    const char* stage = r.pipelined || all_answered ? "DATA" : "RCPT TO";
    for (auto i : accepted) out[i] = lost(stage);
    return out;
  }
  if (r.data->code != 354) {
    auto verdict = said(*r.data, "DATA");
    if (r.data->positive()) {
      // RFC 5321 section 4.3.2: DATA's one positive reply is 354. A 2xx in its place
      // cannot mean delivered (the message was never sent): a protocol error, try later.
      verdict.kind = Verdict::Kind::temporary;
      verdict.status = "4.5.0";
    }
    for (auto i : accepted) out[i] = verdict;
    return out;
  }
  for (auto i : accepted) {
    switch (r.message) {
      case TransactionReplies::Message::unreadable:
        out[i] = Verdict::temporary("4.3.0", "the queued message could not be read", r.peer);
        break;
      case TransactionReplies::Message::sent:
        out[i] = r.end_of_data ? said(*r.end_of_data, "end of data") : lost("end of data");
        break;
      case TransactionReplies::Message::not_sent:
      case TransactionReplies::Message::interrupted:
        out[i] = lost("the message data");
        break;
    }
  }
  return out;
}

}  // namespace carteiro::queue
