#include <doctest/doctest.h>

#include "carteiro/auth/failure_log.hpp"
#include "carteiro/auth/session_limit.hpp"
#include "carteiro/auth/throttle.hpp"

using namespace carteiro;
using namespace carteiro::auth;
using namespace std::chrono_literals;

namespace {

// A throttle on a clock the test moves by hand.
struct Fixture {
  Throttle::Clock::time_point now{};
  AuthConfig config;
  Throttle throttle;

  explicit Fixture(AuthConfig c) : config(c), throttle(c, [this] { return now; }) {}

  // One attempt with a wrong password; false when it was blocked before the check.
  bool fail(const char* ip, const char* account) {
    auto attempt = throttle.begin(asio::ip::make_address(ip), account);
    if (attempt.blocked) return false;
    throttle.failed(attempt);
    return true;
  }
  // One attempt with the right password; false when it was blocked.
  bool succeed(const char* ip, const char* account) {
    auto attempt = throttle.begin(asio::ip::make_address(ip), account);
    if (attempt.blocked) return false;
    throttle.succeeded(attempt);
    return true;
  }
};

AuthConfig limits(unsigned per_ip, unsigned per_account) {
  AuthConfig c;
  c.failure_delay_ms = 100;
  c.max_failures_per_ip = per_ip;
  c.max_failures_per_account = per_account;
  c.failure_window_s = 60;
  return c;
}

}  // namespace

TEST_CASE("throttle: client keys count IPv4 per address, IPv6 per /64, v4-mapped as IPv4") {
  CHECK(client_key(asio::ip::make_address("192.0.2.7")) == "192.0.2.7");
  CHECK(client_key(asio::ip::make_address("::ffff:192.0.2.7")) == "192.0.2.7");
  CHECK(client_key(asio::ip::make_address("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64");
  CHECK(client_key(asio::ip::make_address("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64");
  CHECK(client_key(asio::ip::make_address("2001:db8:1:3::1")) == "2001:db8:1:3::/64");
  CHECK(account_key(" Bob@Example.TEST ") == "bob@example.test");
}

TEST_CASE("throttle: the per-IP limit blocks, and counts a whole IPv6 /64") {
  Fixture f(limits(3, 100));
  CHECK(f.fail("2001:db8::1", "a@x.test"));
  CHECK(f.fail("2001:db8::2", "b@x.test"));
  CHECK(f.fail("2001:db8::3", "c@x.test"));
  CHECK_FALSE(f.fail("2001:db8::4", "d@x.test"));
  CHECK(f.fail("2001:db8:0:1::1", "d@x.test"));  // another /64
  CHECK_FALSE(f.fail("2001:db8::ffff", "e@x.test"));
  f.now += 61s;  // the window has passed
  CHECK(f.fail("2001:db8::4", "d@x.test"));
}

TEST_CASE("throttle: a success does not forgive the client's failures on other accounts") {
  Fixture f(limits(3, 100));
  CHECK(f.fail("192.0.2.7", "victim1@x.test"));
  CHECK(f.fail("192.0.2.7", "victim2@x.test"));
  CHECK(f.succeed("192.0.2.7", "mine@x.test"));
  CHECK(f.fail("192.0.2.7", "victim3@x.test"));
  CHECK_FALSE(f.succeed("192.0.2.7", "mine@x.test"));  // blocked, even with the right password
  CHECK(f.succeed("192.0.2.8", "mine@x.test"));
}

TEST_CASE("throttle: a success forgives its own account's failures from the same client") {
  Fixture f(limits(3, 100));
  CHECK(f.fail("192.0.2.7", "bob@x.test"));
  CHECK(f.fail("192.0.2.7", "BOB@x.test"));
  CHECK(f.succeed("192.0.2.7", "bob@x.test"));
  CHECK(f.fail("192.0.2.7", "bob@x.test"));
  CHECK(f.fail("192.0.2.7", "bob@x.test"));
  CHECK(f.succeed("192.0.2.7", "bob@x.test"));
}

TEST_CASE("throttle: attempts are reserved before the check, so parallel ones cannot slip in") {
  Fixture f(limits(3, 100));
  auto ip = asio::ip::make_address("192.0.2.7");
  // Three attempts in flight at once: none has failed yet, and a fourth is refused.
  auto a = f.throttle.begin(ip, "a@x.test");
  auto b = f.throttle.begin(ip, "b@x.test");
  auto c = f.throttle.begin(ip, "c@x.test");
  CHECK_FALSE(a.blocked);
  CHECK_FALSE(b.blocked);
  CHECK_FALSE(c.blocked);
  CHECK(f.throttle.begin(ip, "d@x.test").blocked);
  // One of them had the right password: only its own reservation is released.
  f.throttle.succeeded(b);
  f.throttle.failed(a);
  f.throttle.failed(c);
  CHECK(f.fail("192.0.2.7", "e@x.test"));  // the freed slot
  CHECK(f.throttle.begin(ip, "f@x.test").blocked);
}

TEST_CASE("throttle: the per-account limit slows attackers everywhere but not the owner's known address") {
  Fixture f(limits(100, 3));
  CHECK(f.succeed("192.0.2.1", "owner@x.test"));  // the owner's usual address
  CHECK(f.fail("198.51.100.1", "owner@x.test"));
  CHECK(f.fail("198.51.100.2", "owner@x.test"));
  CHECK(f.fail("198.51.100.3", "owner@x.test"));
  CHECK_FALSE(f.fail("198.51.100.4", "owner@x.test"));     // blocked from a new address
  CHECK_FALSE(f.succeed("203.0.113.9", "owner@x.test"));   // even with the right password
  CHECK(f.succeed("192.0.2.1", "owner@x.test"));           // the known address still gets in
  CHECK(f.succeed("192.0.2.77", "other@x.test"));          // other accounts are not affected
  f.now += Throttle::kKnownClientFor + 1s;  // the window passed; the known address is forgotten
  CHECK(f.succeed("203.0.113.9", "owner@x.test"));
}

TEST_CASE("throttle: the delay grows per failure, up to a cap") {
  Fixture f(limits(100, 100));
  auto ip = asio::ip::make_address("192.0.2.7");
  std::vector<long> delays;
  for (int i = 0; i < 7; ++i) {
    auto attempt = f.throttle.begin(ip, "bob@x.test");
    REQUIRE_FALSE(attempt.blocked);
    delays.push_back(static_cast<long>(f.throttle.failed(attempt).count()));
  }
  CHECK(delays == std::vector<long>{100, 200, 300, 400, 500, 500, 500});
  CHECK(f.throttle.blocked_delay().count() == 500);
}

TEST_CASE("failure log: user names become one token that cannot forge fields or lines") {
  CHECK(log_token("bob@example.test") == "bob@example.test");
  CHECK(log_token("x ip=6.6.6.6") == "x\\x20ip=6.6.6.6");
  CHECK(log_token("a\r\nb") == "a\\x0d\\x0ab");
  CHECK(log_token("q\"\\") == "q\\x22\\x5c");
  CHECK(log_token("\xc3\xa9") == "\\xc3\\xa9");
}

TEST_CASE("session limit: a cap per account, slots given back when dropped") {
  auto limit = std::make_shared<SessionLimit>(2);
  auto a = limit->try_acquire(7);
  auto b = limit->try_acquire(7);
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(limit->try_acquire(7));
  CHECK(limit->try_acquire(8));  // another account
  CHECK(limit->sessions(8) == 0);  // that slot was dropped at once
  b.reset();
  CHECK(limit->sessions(7) == 1);
  CHECK(limit->try_acquire(7));
  auto unlimited = std::make_shared<SessionLimit>(0);
  std::vector<SessionLimit::Slot> slots;
  for (int i = 0; i < 100; ++i) slots.push_back(*unlimited->try_acquire(1));
  CHECK(unlimited->sessions(1) == 100);
}
