#include "carteiro/delivery/report.hpp"

namespace carteiro::delivery {

asio::awaitable<Delivered> deliver_report(Deliverer& deliverer, const DsnInput& input) {
  Envelope envelope;
  envelope.recipients.push_back(input.sender);  // envelope.sender stays "": the null sender
  auto dsn = make_dsn(input);
  auto delivering = deliverer.deliver(std::move(envelope), std::move(dsn));
  co_return co_await std::move(delivering);
}

}  // namespace carteiro::delivery
