#pragma once
// What becomes of a queue entry after a delivery attempt: which recipients are given up,
// who gets a failure report or a delay warning, and whether the entry is tried again or
// is done. Pure: decided from the entry as stored, the attempt's verdicts and the clock.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "carteiro/delivery/dsn.hpp"
#include "carteiro/queue/schedule.hpp"
#include "carteiro/queue/smtp_client.hpp"
#include "carteiro/store/queue.hpp"

namespace carteiro::queue {

// Recipient statuses in queue_recipients.status.
inline constexpr std::string_view kPending = "pending";  // to be tried (again)
inline constexpr std::string_view kSent = "sent";        // a remote server took it (250)
inline constexpr std::string_view kFailed = "failed";    // permanent failure, not reported yet
inline constexpr std::string_view kBounced = "bounced";  // permanent failure, reported to the sender

struct Settlement {
  // Pending recipients given up now (max age reached): they become failed.
  std::vector<std::pair<std::int64_t, std::string>> expired;  // recipient id, last_reply
  // The failure report: failed recipients (including the expired ones), and their ids
  // to mark bounced once the report is stored. Empty for the null sender (no bounces
  // of bounces, RFC 3464 section 3.2 / RFC 5321 section 6.1).
  std::vector<delivery::DsnRecipient> failures;
  std::vector<std::int64_t> reported;
  // The delay warning, for recipients still pending (empty: none due).
  std::vector<delivery::DsnRecipient> delayed;
  bool remove = false;            // nothing left to try: the entry is done
  std::int64_t next_attempt = 0;  // else: when to try again
  std::string last_error;         // for the queue listing
};

// LAST holds the verdicts of this run (by recipient id); recipients without one (a
// restart since) are described from their stored last_reply.
Settlement settle(const store::QueueEntry& entry, const std::map<std::int64_t, Verdict>& last,
                  const Schedule& schedule, std::int64_t now);

// A verdict as one DSN recipient: Remote-MTA is the host name without the [address].
delivery::DsnRecipient dsn_recipient(const std::string& address, const Verdict& verdict);

}  // namespace carteiro::queue
