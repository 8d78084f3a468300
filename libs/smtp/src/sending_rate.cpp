#include "carteiro/smtp/sending_rate.hpp"

namespace carteiro::smtp {

namespace {
// Past this many accounts with sending history, accounts idle for a whole window are
// forgotten (a bound on memory).
constexpr std::size_t kMaxTrackedAccounts = 100000;
}  // namespace

SendingRate::SendingRate(unsigned max_messages, unsigned max_recipients, Now now)
    : max_messages_(max_messages), max_recipients_(max_recipients), now_(std::move(now)) {}

bool SendingRate::take(Window& window, std::int64_t account, unsigned max) {
  if (max == 0) return true;
  std::lock_guard lock(mutex_);
  auto now = now_();
  if (window.size() > kMaxTrackedAccounts) {
    std::erase_if(window, [&](const auto& entry) { return entry.second.empty() || now - entry.second.back() >= kWindow; });
  }
  auto& times = window[account];
  while (!times.empty() && now - times.front() >= kWindow) times.pop_front();
  if (times.size() >= max) return false;
  times.push_back(now);
  return true;
}

bool SendingRate::take_message(std::int64_t account) { return take(messages_, account, max_messages_); }

bool SendingRate::take_recipient(std::int64_t account) { return take(recipients_, account, max_recipients_); }

}  // namespace carteiro::smtp
