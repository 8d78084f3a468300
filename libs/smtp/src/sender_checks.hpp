#pragma once
// Sender authentication for the MX: one resolver ([dns] servers) and the Public Suffix
// List for the daemon's life, and a small pool of threads where the checks run, since
// every DNS lookup blocks (libunbound) and must never hold up an I/O thread. A check has
// a deadline: past it the session goes on with temperror while the lookups finish on
// their own, holding their share of the message, so nothing they read is freed under them.
#include <asio/awaitable.hpp>
#include <asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <memory>

#include "carteiro/common/config.hpp"
#include "carteiro/common/spool.hpp"
#include "carteiro/mailauth/message_check.hpp"
#include "carteiro/mailauth/unbound_lookup.hpp"

namespace carteiro::smtp {

class SenderChecks {
 public:
  // Throws std::runtime_error naming what is wrong: a bad [dns] servers entry, or no
  // readable Public Suffix List (DMARC cannot tell organizational domains without it).
  explicit SenderChecks(const Config& config);
  // Waits for the lookups still running (each bounded by the resolver's own timeouts);
  // those not yet begun are given up.
  ~SenderChecks();
  SenderChecks(const SenderChecks&) = delete;
  SenderChecks& operator=(const SenderChecks&) = delete;

  // The checks of MESSAGE (a finished spool) from the client in INPUT; resumes on the
  // caller's executor. When they did not finish within [smtp] sender_checks_timeout, or
  // failed, or too many are waiting already (DNS down), every result is temperror (logged).
  asio::awaitable<mailauth::MessageVerdict> check(std::shared_ptr<const Spool> message,
                                                  mailauth::MessageCheckInput input);

 private:
  std::chrono::seconds timeout_;
  mailauth::UnboundLookup dns_;  // safe from several threads at once (unbound_lookup.hpp)
  mailauth::dmarc::PublicSuffixList psl_;
  std::atomic<unsigned> waiting_{0};  // checks queued or running
  std::atomic<bool> stopping_{false};  // the daemon stops: lookups not yet begun are given up
  asio::thread_pool pool_;            // last: joined first, while dns_ and psl_ still live
};

}  // namespace carteiro::smtp
