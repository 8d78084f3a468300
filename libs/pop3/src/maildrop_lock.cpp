#include "carteiro/pop3/maildrop_lock.hpp"

namespace carteiro::pop3 {

std::optional<MaildropLocks::Guard> MaildropLocks::try_lock(std::int64_t account_id) {
  std::lock_guard lock(mutex_);
  if (!held_.insert(account_id).second) return std::nullopt;
  return Guard(shared_from_this(), account_id);
}

bool MaildropLocks::locked(std::int64_t account_id) const {
  std::lock_guard lock(mutex_);
  return held_.count(account_id) > 0;
}

void MaildropLocks::release(std::int64_t account_id) {
  std::lock_guard lock(mutex_);
  held_.erase(account_id);
}

}  // namespace carteiro::pop3
