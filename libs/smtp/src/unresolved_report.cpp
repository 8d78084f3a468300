// Recipients accepted at RCPT that no longer resolve at the end of DATA (an account or
// alias removed meanwhile), or whose mailbox is full (a list member, or one filled since
// RCPT): the message went to the others and the server said 250, so it owes the sender a
// failure report for these (RFC 5321 section 6.1).
#include <map>

#include "carteiro/common/log.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/delivery/report.hpp"
#include "session.hpp"

namespace carteiro::smtp {

asio::awaitable<void> Session::report_unresolved(const std::string& sender, const delivery::Message& message,
                                                 const delivery::Delivered& delivered) {
  std::map<std::string, std::vector<const delivery::Undelivered*>> by_recipient;
  for (const auto& f : delivered.failed) by_recipient[f.report_to.empty() ? sender : f.report_to].push_back(&f);
  for (const auto& [to, failures] : by_recipient) co_await send_failure_report(to, message, delivered.id, failures);
}

asio::awaitable<void> Session::send_failure_report(const std::string& to, const delivery::Message& message,
                                                   const std::string& id,
                                                   const std::vector<const delivery::Undelivered*>& failures) {
  // RFC 5321 section 4.5.5: nothing is reported on a message with the null sender.
  if (to.empty()) co_return;
  delivery::DsnInput input;
  input.kind = delivery::DsnKind::failure;
  input.reporting_mta = ctx_.config.hostname;
  input.sender = to;
  input.message_id = "<" + delivery::make_message_id() + "@" + ctx_.config.hostname + ">";
  input.arrival_date = unix_now();
  input.date = input.arrival_date;
  input.original_headers = message.prefix + std::string(delivery::header_section(message.body));
  for (const auto* f : failures) input.recipients.push_back(delivery::DsnRecipient{f->recipient, f->status, "", f->why, false});
  try {
    auto delivering = delivery::deliver_report(ctx_.deliverer, input);
    auto report = co_await std::move(delivering);
    log::info("[{}] {}: failure report for {} recipient(s) sent to <{}> ({})", conn_->id(), id, failures.size(), to,
              report.id);
  } catch (const std::exception& e) {
    log::error("[{}] {}: cannot send the failure report to <{}>: {}", conn_->id(), id, to, e.what());
  }
}

}  // namespace carteiro::smtp
