#pragma once
// Login throttling, as Dovecot's auth penalty and fail2ban do it, in memory:
//  - failures are counted per client (an IPv4 address, an IPv6 /64 since one host
//    usually holds a whole /64, a v4-mapped IPv6 address as its IPv4) and per account
//    name tried, each within [auth] failure_window;
//  - an attempt is reserved (counted as a failure) before its password is checked, so N
//    parallel connections cannot all get a guess in before the first failure is counted;
//  - a success drops only its own reservation and the failures of the same account from
//    the same client: it does not forgive the client's guesses at other accounts;
//  - the per-account limit slows an attacker without locking the owner out: clients that
//    logged in to the account recently are known and exempt from it (not from the
//    per-client limit).
// A blocked attempt is decided before the password is looked at, so it reveals nothing
// about the password. Thread-safe; the clock is injectable for tests.
#include <asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "carteiro/common/config.hpp"

namespace carteiro::auth {

// The key failures of PEER are counted under: "192.0.2.7", "2001:db8:1:2::/64".
std::string client_key(const asio::ip::address& peer);
// The key failures of an account name are counted under: trimmed, lower-case.
std::string account_key(std::string_view name);

class Throttle {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // One login attempt, reserved by begin().
  struct Attempt {
    bool blocked = false;
    std::string client;
    std::string account;
    std::uint64_t id = 0;  // the reservation
  };

  explicit Throttle(AuthConfig config, Now now = &Clock::now);

  // Before the password check: blocked, or reserved (counted as a failure until
  // succeeded() says otherwise).
  Attempt begin(const asio::ip::address& peer, std::string_view account);
  // The password was right: the reservation and this client's earlier failures on this
  // account are forgotten, and the client becomes a known address of the account.
  void succeeded(const Attempt& attempt);
  // The password was wrong: the reservation stays a failure. Returns how long to hold the
  // reply: failure_delay_ms times the recent failures (at most kMaxDelaySteps of them).
  std::chrono::milliseconds failed(const Attempt& attempt);
  // How long to hold the reply to a blocked attempt: the longest delay.
  std::chrono::milliseconds blocked_delay() const;

  static constexpr std::size_t kMaxDelaySteps = 5;
  // How long and how many client addresses are remembered per account as known good.
  static constexpr std::chrono::hours kKnownClientFor{24 * 30};
  static constexpr std::size_t kMaxKnownClients = 8;

 private:
  struct Failure {
    Clock::time_point when;
    std::string other;  // the account (in a client's list) or the client (in an account's)
    std::uint64_t id;
  };
  struct KnownClient {
    std::string client;
    Clock::time_point last_success;
  };
  using Failures = std::unordered_map<std::string, std::deque<Failure>>;

  void expire(Failures& failures, Clock::time_point now);
  std::deque<Failure>& recent(Failures& failures, const std::string& key, Clock::time_point now);
  static void record(std::deque<Failure>& list, Failure failure, std::size_t limit);
  bool known(const std::string& account, const std::string& client, Clock::time_point now);
  std::chrono::milliseconds delay(std::size_t failures) const;

  AuthConfig config_;
  Now now_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  Failures by_client_;
  Failures by_account_;
  std::unordered_map<std::string, std::vector<KnownClient>> known_;
};

}  // namespace carteiro::auth
