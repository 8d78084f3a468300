#pragma once
// Checks logins for every protocol: login name -> account, password against the stored
// hash off the I/O threads, a cache of recent successes (so busy clients and benchmarks
// don't pay scrypt on each login), and a growing delay plus a limit for failures per IP.
#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>
#include <asio/thread_pool.hpp>

#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "carteiro/common/config.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::auth {

// Failed logins per client address within a window.
class Throttle {
 public:
  explicit Throttle(AuthConfig config) : config_(config) {}
  // How long to hold a failed attempt's reply: failure_delay_ms times the recent failures
  // of this address (capped at 5 of them).
  std::chrono::milliseconds delay_after_failure(const asio::ip::address& peer);
  void record_failure(const asio::ip::address& peer);
  void record_success(const asio::ip::address& peer);
  // Too many recent failures: refuse without checking the password.
  bool blocked(const asio::ip::address& peer);

 private:
  void prune(std::chrono::steady_clock::time_point now);
  AuthConfig config_;
  std::mutex mutex_;
  std::map<asio::ip::address, std::vector<std::chrono::steady_clock::time_point>> failures_;
};

enum class LoginResult { ok, bad_credentials, blocked, temporary_failure };

struct Login {
  LoginResult result = LoginResult::bad_credentials;
  std::optional<store::Account> account;
};

class Authenticator {
 public:
  Authenticator(store::Store& store, AuthConfig config);
  ~Authenticator();

  // LOGIN is a full address or a bare local part that exactly one domain has. On failure
  // the reply is held back by the throttle's delay before this returns.
  asio::awaitable<Login> login(std::string login, std::string password, asio::ip::address peer);
  // RFC 1939 section 7: DIGEST is hex MD5 of BANNER_TIMESTAMP followed by the secret.
  asio::awaitable<Login> apop(std::string login, std::string banner_timestamp, std::string digest,
                              asio::ip::address peer);
  Throttle& throttle() { return throttle_; }

 private:
  bool cached(const std::string& address, const std::string& hash, const std::string& password);
  void remember(const std::string& address, const std::string& hash, const std::string& password);
  asio::awaitable<Login> fail(asio::ip::address peer, LoginResult why);
  // The account for a login name (nullopt inside: none); nullopt outside: the store failed.
  asio::awaitable<std::optional<std::optional<store::Account>>> find_account(const std::string& login);

  store::Store& store_;
  Throttle throttle_;
  asio::thread_pool hashing_{2};
  std::mutex cache_mutex_;
  // address -> SHA-256(process salt, stored hash, password): a success is remembered only
  // for the same stored hash, so a password change invalidates it.
  std::unordered_map<std::string, std::string> cache_;
  std::list<std::string> cache_order_;
  std::string cache_salt_;
};

}  // namespace carteiro::auth
