#include "carteiro/auth/authenticator.hpp"

namespace carteiro::auth {

namespace {
constexpr std::size_t kMaxDelaySteps = 5;
constexpr std::size_t kMaxTrackedAddresses = 100000;
}  // namespace

void Throttle::prune(std::chrono::steady_clock::time_point now) {
  auto window = std::chrono::seconds(config_.failure_window_s);
  for (auto it = failures_.begin(); it != failures_.end();) {
    auto& times = it->second;
    while (!times.empty() && now - times.front() > window) times.erase(times.begin());
    it = times.empty() ? failures_.erase(it) : std::next(it);
  }
}

std::chrono::milliseconds Throttle::delay_after_failure(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(peer);
  std::size_t n = it == failures_.end() ? 1 : std::min(it->second.size(), kMaxDelaySteps);
  return std::chrono::milliseconds(config_.failure_delay_ms * std::max<std::size_t>(n, 1));
}

void Throttle::record_failure(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (failures_.size() > kMaxTrackedAddresses) prune(now);
  auto& times = failures_[peer];
  times.push_back(now);
  if (times.size() > config_.max_failures_per_ip + 1) times.erase(times.begin());
}

void Throttle::record_success(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  failures_.erase(peer);
}

bool Throttle::blocked(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  prune(std::chrono::steady_clock::now());
  auto it = failures_.find(peer);
  return it != failures_.end() && it->second.size() >= config_.max_failures_per_ip;
}

}  // namespace carteiro::auth
