#include "carteiro/queue/schedule.hpp"

#include <algorithm>

namespace carteiro::queue {

Schedule Schedule::from(const QueueConfig& config) {
  return Schedule{config.retry_interval_s, config.max_age_s, config.delay_warning_s};
}

bool Schedule::expired(std::int64_t created_at, std::int64_t now) const { return now - created_at >= max_age; }

std::int64_t Schedule::next_attempt(std::int64_t created_at, std::int64_t now) const {
  return std::max(now + 1, std::min(now + retry_interval, created_at + max_age));
}

bool Schedule::warning_due(std::int64_t created_at, std::int64_t now, bool already_warned) const {
  if (already_warned || delay_warning <= 0 || delay_warning >= max_age) return false;
  return now - created_at >= delay_warning && !expired(created_at, now);
}

}  // namespace carteiro::queue
