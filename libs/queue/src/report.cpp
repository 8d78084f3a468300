#include "carteiro/queue/report.hpp"

namespace carteiro::queue {

asio::awaitable<delivery::Delivered> deliver_report(delivery::Deliverer& deliverer, const DsnInput& input) {
  delivery::Envelope envelope;
  envelope.recipients.push_back(input.sender);  // envelope.sender stays "": the null sender
  auto dsn = make_dsn(input);
  auto delivering = deliverer.deliver(std::move(envelope), std::move(dsn));
  co_return co_await std::move(delivering);
}

}  // namespace carteiro::queue
