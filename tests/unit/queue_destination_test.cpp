#include <doctest/doctest.h>

#include "carteiro/queue/destination.hpp"

using namespace carteiro::queue;

namespace {
std::string kind_of(const char* text) {
  auto kind = non_public_kind(asio::ip::make_address(text));
  return kind ? std::string(*kind) : std::string("public");
}
}  // namespace

TEST_CASE("queue destinations: which addresses are not on the public internet") {
  CHECK(kind_of("127.0.0.1") == "loopback");
  CHECK(kind_of("127.255.0.9") == "loopback");
  CHECK(kind_of("::1") == "loopback");
  CHECK(kind_of("::ffff:127.0.0.1") == "loopback");  // IPv4-mapped counts as IPv4
  CHECK(kind_of("10.1.2.3") == "private");
  CHECK(kind_of("172.16.0.1") == "private");
  CHECK(kind_of("172.31.255.255") == "private");
  CHECK(kind_of("192.168.1.1") == "private");
  CHECK(kind_of("fc00::1") == "private");
  CHECK(kind_of("fd12:3456::1") == "private");
  CHECK(kind_of("169.254.169.254") == "link-local");  // cloud metadata services live here
  CHECK(kind_of("fe80::1") == "link-local");
  CHECK(kind_of("0.0.0.0") == "unspecified");
  CHECK(kind_of("::") == "unspecified");
  CHECK(kind_of("224.0.0.1") == "multicast");
  CHECK(kind_of("239.255.255.250") == "multicast");
  CHECK(kind_of("ff02::1") == "multicast");
  CHECK(kind_of("255.255.255.255") == "broadcast");

  CHECK(kind_of("192.0.2.1") == "public");
  CHECK(kind_of("172.15.255.255") == "public");  // just outside 172.16/12
  CHECK(kind_of("172.32.0.0") == "public");
  CHECK(kind_of("11.0.0.1") == "public");
  CHECK(kind_of("2001:db8::25") == "public");
  CHECK(kind_of("fec0::1") == "public");  // not in fe80::/10
}

TEST_CASE("queue destinations: private addresses are dropped from an MX route") {
  Route route;
  route.hosts.push_back(Host{"mx1.remote.test", {asio::ip::make_address("10.0.0.5")}});
  route.hosts.push_back(Host{"mx2.remote.test",
                             {asio::ip::make_address("127.0.0.1"), asio::ip::make_address("192.0.2.25")}});
  auto kept = drop_non_public_destinations(route, "remote.test");
  CHECK(kept.outcome == Route::Outcome::ok);
  REQUIRE(kept.hosts.size() == 1);
  CHECK(kept.hosts[0].name == "mx2.remote.test");
  REQUIRE(kept.hosts[0].addresses.size() == 1);
  CHECK(kept.hosts[0].addresses[0] == asio::ip::make_address("192.0.2.25"));
}

TEST_CASE("queue destinations: when every address is private the route fails permanently (5.4.4)") {
  Route route;
  route.hosts.push_back(Host{"mx.remote.test", {asio::ip::make_address("127.0.0.1")}});
  auto refused = drop_non_public_destinations(route, "remote.test");
  CHECK(refused.outcome == Route::Outcome::permanent);
  CHECK(refused.status == "5.4.4");
  CHECK(refused.reason.find("mx.remote.test[127.0.0.1] loopback") != std::string::npos);
  CHECK(refused.hosts.empty());

  auto failed = Route::failure(Route::Outcome::temporary, "4.4.3", "DNS lookup failed");
  CHECK(drop_non_public_destinations(failed, "remote.test").status == "4.4.3");  // left as it was
}
