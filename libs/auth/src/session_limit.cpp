#include "carteiro/auth/session_limit.hpp"

namespace carteiro::auth {

std::optional<SessionLimit::Slot> SessionLimit::try_acquire(std::int64_t account_id) {
  std::lock_guard lock(mutex_);
  auto& count = sessions_[account_id];
  if (max_ != 0 && count >= max_) {
    if (count == 0) sessions_.erase(account_id);
    return std::nullopt;
  }
  ++count;
  return Slot(shared_from_this(), account_id);
}

unsigned SessionLimit::sessions(std::int64_t account_id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(account_id);
  return it == sessions_.end() ? 0 : it->second;
}

void SessionLimit::release(std::int64_t account_id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(account_id);
  if (it != sessions_.end() && --it->second == 0) sessions_.erase(it);
}

}  // namespace carteiro::auth
