#pragma once
// When a queue entry is tried again, when it is given up, when its sender is warned.
// Pure arithmetic on seconds since the epoch, so the schedule is tested without waiting.
#include <cstdint>

#include "carteiro/common/config.hpp"

namespace carteiro::queue {

struct Schedule {
  std::int64_t retry_interval = 1800;  // between attempts
  std::int64_t max_age = 4 * 24 * 3600;  // after this, temporary failures become permanent
  std::int64_t delay_warning = 4 * 3600;  // 0: never warn

  static Schedule from(const QueueConfig& config);

  // After an attempt at NOW left recipients with temporary failures: true when the entry
  // (queued at CREATED_AT) has been tried long enough and those recipients now fail.
  bool expired(std::int64_t created_at, std::int64_t now) const;
  // The next attempt: one retry interval on, but never past the give-up time, so the
  // last attempt happens when the entry expires rather than up to an interval later.
  std::int64_t next_attempt(std::int64_t created_at, std::int64_t now) const;
  // A delay warning is due (once per entry) when mail has waited this long and will not
  // be given up at the same moment (then the sender gets the failure report instead).
  bool warning_due(std::int64_t created_at, std::int64_t now, bool already_warned) const;
};

}  // namespace carteiro::queue
