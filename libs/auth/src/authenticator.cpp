#include "carteiro/auth/authenticator.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "carteiro/auth/password.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/offload.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::auth {

namespace {
constexpr std::size_t kCacheSize = 4096;

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}
}  // namespace

Authenticator::Authenticator(store::Store& store, AuthConfig config) : store_(store), throttle_(config) {
  cache_salt_.resize(16);
  RAND_bytes(reinterpret_cast<unsigned char*>(cache_salt_.data()), static_cast<int>(cache_salt_.size()));
  std::string random_password(16, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(random_password.data()), static_cast<int>(random_password.size()));
  dummy_hash_ = hash_password(random_password);
}

Authenticator::~Authenticator() { hashing_.join(); }

bool Authenticator::cached(const std::string& address, const std::string& hash, const std::string& password) {
  std::string key = digest(EVP_sha256(), cache_salt_ + hash + '\0' + password);
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(address);
  return it != cache_.end() && it->second == key;
}

void Authenticator::remember(const std::string& address, const std::string& hash, const std::string& password) {
  std::string key = digest(EVP_sha256(), cache_salt_ + hash + '\0' + password);
  std::lock_guard lock(cache_mutex_);
  if (cache_.find(address) == cache_.end()) {
    cache_order_.push_back(address);
    if (cache_order_.size() > kCacheSize) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
  }
  cache_[address] = key;
}

asio::awaitable<Login> Authenticator::fail(Protocol protocol, std::string login, asio::ip::address peer,
                                           FailureReason reason, std::chrono::milliseconds delay) {
  log_failed_login(protocol, login, peer, reason);
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
  co_return Login{reason == FailureReason::blocked ? LoginResult::blocked : LoginResult::bad_credentials,
                  std::nullopt};
}

asio::awaitable<std::optional<std::optional<store::Account>>> Authenticator::find_account(const std::string& login) {
  try {
    auto lookup = [&login](store::Db& db) { return store::accounts::find_login(db, login); };
    co_return co_await store_.read(lookup);
  } catch (const std::exception& e) {
    log::error("auth: looking up {}: {}", printable(login), e.what());
    co_return std::nullopt;
  }
}

asio::awaitable<Login> Authenticator::login(Protocol protocol, std::string login, std::string password,
                                            asio::ip::address peer) {
  auto found = co_await find_account(login);
  if (!found) co_return Login{LoginResult::temporary_failure, std::nullopt};
  auto& account = *found;
  // Counted under the account's address when there is one, so "bob" and "bob@example.com"
  // share the account's limit.
  auto attempt = throttle_.begin(peer, account ? account->address : login);
  if (attempt.blocked) {
    auto blocked = fail(protocol, login, peer, FailureReason::blocked, throttle_.blocked_delay());
    co_return co_await std::move(blocked);
  }
  bool has_password = account && !account->password_hash.empty();
  bool ok = has_password && cached(account->address, account->password_hash, password);
  if (!ok) {
    // No account or no password: the dummy hash costs what a real check costs.
    auto hash = has_password ? account->password_hash : dummy_hash_;
    auto check = [hash, password] { return verify_password(password, hash); };
    ok = co_await offload(hashing_, check);
    ok = ok && has_password;
    if (ok) remember(account->address, account->password_hash, password);
  }
  if (!ok) {
    auto why = account ? FailureReason::bad_password : FailureReason::unknown_user;
    auto failing = fail(protocol, login, peer, why, throttle_.failed(attempt));
    co_return co_await std::move(failing);
  }
  throttle_.succeeded(attempt);
  co_return Login{LoginResult::ok, std::move(account)};
}

asio::awaitable<Login> Authenticator::apop(std::string login, std::string banner_timestamp, std::string given,
                                           asio::ip::address peer) {
  auto found = co_await find_account(login);
  if (!found) co_return Login{LoginResult::temporary_failure, std::nullopt};
  auto& account = *found;
  auto attempt = throttle_.begin(peer, account ? account->address : login);
  if (attempt.blocked) {
    auto blocked = fail(Protocol::pop3, login, peer, FailureReason::blocked, throttle_.blocked_delay());
    co_return co_await std::move(blocked);
  }
  bool ok = false;
  if (account && account->apop_secret) {
    std::string expected = hex(digest(EVP_md5(), banner_timestamp + *account->apop_secret));
    std::string lowered = to_lower(given);
    ok = expected.size() == lowered.size() && CRYPTO_memcmp(expected.data(), lowered.data(), expected.size()) == 0;
  }
  if (!ok) {
    auto why = account ? FailureReason::bad_password : FailureReason::unknown_user;
    auto failing = fail(Protocol::pop3, login, peer, why, throttle_.failed(attempt));
    co_return co_await std::move(failing);
  }
  throttle_.succeeded(attempt);
  co_return Login{LoginResult::ok, std::move(account)};
}

}  // namespace carteiro::auth
