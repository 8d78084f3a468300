#include "carteiro/auth/throttle.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::auth {

namespace {
// Past this many tracked keys, every key is checked for expiry (a bound on memory under
// a spray of addresses or names).
constexpr std::size_t kMaxTrackedKeys = 100000;
constexpr std::size_t kIpv6PrefixBytes = 8;  // a /64
}  // namespace

std::string client_key(const asio::ip::address& peer) {
  if (peer.is_v4()) return peer.to_string();
  auto v6 = peer.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + kIpv6PrefixBytes, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

std::string account_key(std::string_view name) { return to_lower(trim(name)); }

Throttle::Throttle(AuthConfig config, Now now) : config_(config), now_(std::move(now)) {}

void Throttle::expire(Failures& failures, Clock::time_point now) {
  for (auto it = failures.begin(); it != failures.end();) {
    recent(failures, it->first, now);
    it = it->second.empty() ? failures.erase(it) : std::next(it);
  }
}

std::deque<Throttle::Failure>& Throttle::recent(Failures& failures, const std::string& key, Clock::time_point now) {
  auto& list = failures[key];
  auto window = std::chrono::seconds(config_.failure_window_s);
  while (!list.empty() && now - list.front().when >= window) list.pop_front();
  return list;
}

// The oldest failures beyond LIMIT change nothing (the key is blocked already): dropped.
void Throttle::record(std::deque<Failure>& list, Failure failure, std::size_t limit) {
  list.push_back(std::move(failure));
  while (list.size() > limit + 1) list.pop_front();
}

bool Throttle::known(const std::string& account, const std::string& client, Clock::time_point now) {
  auto it = known_.find(account);
  if (it == known_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const KnownClient& k) {
    return k.client == client && now - k.last_success < kKnownClientFor;
  });
}

std::chrono::milliseconds Throttle::delay(std::size_t failures) const {
  auto steps = std::clamp<std::size_t>(failures, 1, kMaxDelaySteps);
  return std::chrono::milliseconds(static_cast<std::uint64_t>(config_.failure_delay_ms) * steps);
}

std::chrono::milliseconds Throttle::blocked_delay() const { return delay(kMaxDelaySteps); }

Throttle::Attempt Throttle::begin(const asio::ip::address& peer, std::string_view account) {
  Attempt attempt{false, client_key(peer), account_key(account), 0};
  std::lock_guard lock(mutex_);
  auto now = now_();
  if (by_client_.size() > kMaxTrackedKeys) expire(by_client_, now);
  if (by_account_.size() > kMaxTrackedKeys) expire(by_account_, now);
  auto& client_failures = recent(by_client_, attempt.client, now);
  auto& account_failures = recent(by_account_, attempt.account, now);
  bool client_blocked = client_failures.size() >= config_.max_failures_per_ip;
  bool account_blocked = account_failures.size() >= config_.max_failures_per_account &&
                         !known(attempt.account, attempt.client, now);
  if (client_blocked || account_blocked) {
    attempt.blocked = true;
    return attempt;
  }
  attempt.id = next_id_++;
  record(client_failures, Failure{now, attempt.account, attempt.id}, config_.max_failures_per_ip);
  record(account_failures, Failure{now, attempt.client, attempt.id}, config_.max_failures_per_account);
  return attempt;
}

void Throttle::succeeded(const Attempt& attempt) {
  std::lock_guard lock(mutex_);
  auto now = now_();
  auto& client_failures = recent(by_client_, attempt.client, now);
  std::erase_if(client_failures, [&](const Failure& f) { return f.other == attempt.account; });
  auto& account_failures = recent(by_account_, attempt.account, now);
  std::erase_if(account_failures, [&](const Failure& f) { return f.other == attempt.client; });
  if (client_failures.empty()) by_client_.erase(attempt.client);
  if (account_failures.empty()) by_account_.erase(attempt.account);

  auto& clients = known_[attempt.account];
  std::erase_if(clients, [&](const KnownClient& k) {
    return k.client == attempt.client || now - k.last_success >= kKnownClientFor;
  });
  clients.push_back(KnownClient{attempt.client, now});
  if (clients.size() > kMaxKnownClients) clients.erase(clients.begin());
  if (known_.size() > kMaxTrackedKeys) {
    std::erase_if(known_, [&](const auto& entry) {
      return entry.second.empty() || now - entry.second.back().last_success >= kKnownClientFor;
    });
  }
}

std::chrono::milliseconds Throttle::failed(const Attempt& attempt) {
  std::lock_guard lock(mutex_);
  auto now = now_();
  auto& client_failures = recent(by_client_, attempt.client, now);
  auto& account_failures = recent(by_account_, attempt.account, now);
  // A parallel success on the same account from the same client may have taken the
  // reservation away: the failure still counts.
  auto reserved = [&](const Failure& f) { return f.id == attempt.id; };
  if (std::none_of(client_failures.begin(), client_failures.end(), reserved))
    record(client_failures, Failure{now, attempt.account, attempt.id}, config_.max_failures_per_ip);
  if (std::none_of(account_failures.begin(), account_failures.end(), reserved))
    record(account_failures, Failure{now, attempt.client, attempt.id}, config_.max_failures_per_account);
  // The owner at a known address is not slowed down by an attacker's failures elsewhere.
  std::size_t failures = client_failures.size();
  if (!known(attempt.account, attempt.client, now)) failures = std::max(failures, account_failures.size());
  return delay(failures);
}

}  // namespace carteiro::auth
