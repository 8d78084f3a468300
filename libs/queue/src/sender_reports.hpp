#pragma once
// The queue's reports to a message's sender (RFC 3464): a failure report for recipients
// given up, a delay warning for those still tried, each with the original's header.
#include <asio/awaitable.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/dsn.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::queue {

class SenderReports {
 public:
  // HOSTNAME reports (Reporting-MTA, the Message-ID's domain); an entry is tried until
  // MAX_AGE seconds after it was queued (a delay warning's Will-Retry-Until).
  SenderReports(store::Store& store, delivery::Deliverer& deliverer, std::string hostname, std::int64_t max_age);

  // Stores a DSN in the sender's mailbox (or queues it to a remote sender, with the null
  // sender so that it is never bounced in turn). False when it could not be stored.
  asio::awaitable<bool> report(const store::QueueEntry& entry, delivery::DsnKind kind,
                               const std::vector<delivery::DsnRecipient>& recipients, std::int64_t now);

 private:
  std::string hex_token();

  store::Store& store_;
  delivery::Deliverer& deliverer_;
  std::string hostname_;
  std::int64_t max_age_;
  std::mt19937 rng_;
};

}  // namespace carteiro::queue
