// Addresses and CIDR networks from the config (trusted_proxies), and the PROXY protocol
// and limits keys that use them.
#include <doctest/doctest.h>

#include "carteiro/common/config.hpp"
#include "config_test_support.hpp"
#include "carteiro/common/ip_network.hpp"

using namespace carteiro;

namespace {
bool in(std::string_view network, std::string_view address) {
  return IpNetwork::parse(network).contains(asio::ip::make_address(std::string(address)));
}
std::string error_of(std::string_view toml) { return test::config_error_of(toml); }
}  // namespace

TEST_CASE("ip network: single addresses and prefixes") {
  CHECK(in("127.0.0.1", "127.0.0.1"));
  CHECK_FALSE(in("127.0.0.1", "127.0.0.2"));
  CHECK(in("10.0.0.0/8", "10.200.3.4"));
  CHECK_FALSE(in("10.0.0.0/8", "11.0.0.1"));
  CHECK(in("192.168.1.128/25", "192.168.1.200"));
  CHECK_FALSE(in("192.168.1.128/25", "192.168.1.127"));
  CHECK(in("0.0.0.0/0", "203.0.113.9"));
  CHECK(in("2001:db8::/32", "2001:db8:ffff::1"));
  CHECK_FALSE(in("2001:db8::/32", "2001:db9::1"));
  CHECK(in("::1", "::1"));
  // Families do not mix, except an IPv4 client seen through an IPv6 socket.
  CHECK_FALSE(in("0.0.0.0/0", "::1"));
  CHECK(in("10.0.0.0/8", "::ffff:10.1.2.3"));
}

TEST_CASE("ip network: bad input says what is wrong") {
  const char* bad[] = {"", "10.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "fe80::1%eth0", "localhost",
                       "10.0.0.0/-1"};
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK_THROWS_AS(IpNetwork::parse(text), std::invalid_argument);
  }
}

TEST_CASE("config: proxy_protocol and trusted_proxies per listener kind") {
  auto c = parse_config("[imap]\nproxy_protocol = true\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n", "t.toml");
  CHECK(c.imap.proxy_protocol);
  REQUIRE(c.imap.trusted_proxies.size() == 2);
  CHECK(c.imap.trusted_proxies[1].contains(asio::ip::make_address("10.9.9.9")));
  CHECK_FALSE(c.smtp.proxy_protocol);
  CHECK(error_of("[smtp]\ntrusted_proxies = [\"10.0.0.0/40\"]\n").find("test.toml:2: smtp.trusted_proxies: \"10.0.0.0/40\"") == 0);
  CHECK(error_of("[pop3]\nproxy_protocol = true\n").find("pop3.trusted_proxies") != std::string::npos);
}

TEST_CASE("config: the limits section") {
  auto c = parse_config("[limits]\nline_deadline = 5\nlogin_deadline = 20\nreserved_descriptors = 10\n", "t.toml");
  CHECK(c.limits.line_deadline_s == 5);
  CHECK(c.limits.login_deadline_s == 20);
  CHECK(c.limits.reserved_descriptors == 10);
  CHECK(parse_config("", "t.toml").limits.line_deadline_s == 60);
  CHECK(error_of("[limits]\nline_deadline = 0\n").find("limits.line_deadline") != std::string::npos);
}
