// What an MTA-STS policy does to a domain's route (RFC 8461 section 5).
#include <doctest/doctest.h>

#include "carteiro/queue/mta_sts_route.hpp"

using namespace carteiro::queue;

namespace {

Route two_hosts() {
  Route route;
  route.hosts.push_back(Host{"mx.b.test", {asio::ip::make_address("127.0.0.1")}});
  route.hosts.push_back(Host{"backup.other.test", {asio::ip::make_address("127.0.0.2")}});
  return route;
}

MtaStsPolicy policy(MtaStsPolicy::Mode mode, std::vector<std::string> mx) {
  MtaStsPolicy p;
  p.mode = mode;
  p.mx = std::move(mx);
  p.max_age = 86400;
  return p;
}

}  // namespace

TEST_CASE("mta-sts route: enforce keeps the listed MX hosts, with verified TLS") {
  auto applied = apply_mta_sts(two_hosts(), "b.test", policy(MtaStsPolicy::Mode::enforce, {"*.b.test"}));
  REQUIRE(applied.route.outcome == Route::Outcome::ok);
  REQUIRE(applied.route.hosts.size() == 1);
  CHECK(applied.route.hosts[0].name == "mx.b.test");
  CHECK(applied.route.security.kind == RouteSecurity::Kind::verified);
  CHECK(applied.route.security.policy == "MTA-STS policy of b.test");
  CHECK(applied.route.key() != two_hosts().key());  // not shared with opportunistic sessions
}

TEST_CASE("mta-sts route: enforce with no listed MX host is a temporary failure") {
  auto applied = apply_mta_sts(two_hosts(), "b.test", policy(MtaStsPolicy::Mode::enforce, {"mx.c.test"}));
  CHECK(applied.route.outcome == Route::Outcome::temporary);
  CHECK(applied.route.reason ==
        "MTA-STS policy of b.test: no MX host matches the policy (MX: mx.b.test, backup.other.test)");
}

TEST_CASE("mta-sts route: testing and none deliver as before") {
  auto testing = apply_mta_sts(two_hosts(), "b.test", policy(MtaStsPolicy::Mode::testing, {"mx.b.test"}));
  CHECK(testing.route.hosts.size() == 2);
  CHECK(testing.route.security.kind == RouteSecurity::Kind::opportunistic);
  REQUIRE(testing.notes.size() == 1);
  CHECK(testing.notes[0].find("backup.other.test") != std::string::npos);
  auto none = apply_mta_sts(two_hosts(), "b.test", policy(MtaStsPolicy::Mode::none, {}));
  CHECK(none.route.hosts.size() == 2);
  CHECK(none.notes.empty());
  CHECK(none.route.key() == two_hosts().key());
}
