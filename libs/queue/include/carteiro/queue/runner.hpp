#pragma once
// The outbound queue's worker: takes due entries from the store, finds each recipient's
// next hop (a relay, or the domain's MX hosts), delivers over SMTP with bounded
// concurrency, records each recipient's result durably, retries temporary failures on
// the configured schedule and reports permanent ones to the sender (RFC 3464).
//
// It wakes when something is queued (store event Events::kQueue, published after the
// commit), when the next entry is due, and every few seconds to notice what another
// process (the admin CLI's `queue flush`) changed in the database.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>

#include <memory>

#include "carteiro/common/config.hpp"
#include "carteiro/delivery/deliver.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::queue {

class QueueRunner {
 public:
  // Throws std::runtime_error when the DNS resolver cannot be set up ([dns] servers).
  QueueRunner(const Config& config, store::Store& store, delivery::Deliverer& deliverer, asio::io_context& io);
  ~QueueRunner();
  QueueRunner(QueueRunner&&) noexcept;
  QueueRunner& operator=(QueueRunner&&) noexcept;

  void start();
  // Starts no new delivery, lets running transactions finish for a bounded time, then
  // closes what is left (those recipients stay queued) and returns.
  asio::awaitable<void> stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace carteiro::queue
