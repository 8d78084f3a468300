// Recipients accepted at RCPT that no longer resolve at the end of DATA (an account or
// alias removed meanwhile): the message went to the others and the server said 250, so
// it owes the sender a failure report for these (RFC 5321 section 6.1).
#include "carteiro/common/log.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/queue/report.hpp"
#include "session.hpp"

namespace carteiro::smtp {

asio::awaitable<void> Session::report_unresolved(const std::string& sender, const delivery::Message& message,
                                                 const delivery::Delivered& delivered) {
  // RFC 5321 section 4.5.5: nothing is reported on a message with the null sender.
  if (sender.empty()) co_return;
  queue::DsnInput input;
  input.kind = queue::DsnKind::failure;
  input.reporting_mta = ctx_.config.hostname;
  input.sender = sender;
  input.message_id = "<" + delivery::make_message_id() + "@" + ctx_.config.hostname + ">";
  input.arrival_date = unix_now();
  input.date = input.arrival_date;
  input.original_headers = message.prefix + std::string(queue::header_section(message.body));
  for (const auto& [recipient, why] : delivered.failed)
    input.recipients.push_back(queue::DsnRecipient{recipient, "5.1.1", "", why, false});  // RFC 3463: bad mailbox
  try {
    auto delivering = queue::deliver_report(ctx_.deliverer, input);
    auto report = co_await std::move(delivering);
    log::info("[{}] {}: failure report for {} recipient(s) sent to <{}> ({})", conn_->id(), delivered.id,
              delivered.failed.size(), sender, report.id);
  } catch (const std::exception& e) {
    log::error("[{}] {}: cannot send the failure report to <{}>: {}", conn_->id(), delivered.id, sender, e.what());
  }
}

}  // namespace carteiro::smtp
