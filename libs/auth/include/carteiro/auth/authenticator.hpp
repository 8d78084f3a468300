#pragma once
// Checks logins for every protocol: login name -> account, password against the stored
// hash off the I/O threads, a cache of recent successes (so busy clients and benchmarks
// don't pay scrypt on each login), the throttle (throttle.hpp) and the failure log line
// (failure_log.hpp). An unknown account, or one without a password, is checked against a
// dummy hash of the same cost, so the time of a failure does not tell which accounts exist.
#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>
#include <asio/thread_pool.hpp>

#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "carteiro/auth/failure_log.hpp"
#include "carteiro/auth/throttle.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::auth {

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
  asio::awaitable<Login> login(Protocol protocol, std::string login, std::string password, asio::ip::address peer);
  // RFC 1939 section 7: DIGEST is hex MD5 of BANNER_TIMESTAMP followed by the secret.
  asio::awaitable<Login> apop(std::string login, std::string banner_timestamp, std::string digest,
                              asio::ip::address peer);
  Throttle& throttle() { return throttle_; }

 private:
  bool cached(const std::string& address, const std::string& hash, const std::string& password);
  void remember(const std::string& address, const std::string& hash, const std::string& password);
  // Logs the failure and holds the reply back for DELAY (Dovecot's auth_failure_delay).
  asio::awaitable<Login> fail(Protocol protocol, std::string login, asio::ip::address peer,
                              FailureReason reason, std::chrono::milliseconds delay);
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
  std::string dummy_hash_;  // of a random password, at the default cost
};

}  // namespace carteiro::auth
