#include <doctest/doctest.h>

#include "carteiro/queue/route_cache.hpp"

using namespace carteiro::queue;
using namespace std::chrono_literals;

namespace {

Route route_via(std::string host) {
  Route route;
  route.hosts.push_back(Host{std::move(host), {}});
  return route;
}

const RouteCache::Clock::time_point kStart{};

}  // namespace

TEST_CASE("queue route cache: a route is kept for the TTL, then looked up again") {
  RouteCache cache(30s);
  CHECK_FALSE(cache.find("remote.test", kStart));
  cache.remember("remote.test", route_via("mx.remote.test"), kStart);
  auto found = cache.find("remote.test", kStart + 29s);
  REQUIRE(found);
  CHECK(found->key() == "mx.remote.test|");
  CHECK_FALSE(cache.find("remote.test", kStart + 30s));
  CHECK_FALSE(cache.find("other.test", kStart + 1s));
}

TEST_CASE("queue route cache: a newer route replaces the older one and its expiry") {
  RouteCache cache(30s);
  cache.remember("remote.test", route_via("mx1.remote.test"), kStart);
  cache.remember("remote.test", route_via("mx2.remote.test"), kStart + 20s);
  auto found = cache.find("remote.test", kStart + 40s);
  REQUIRE(found);
  CHECK(found->key() == "mx2.remote.test|");
}

TEST_CASE("queue route cache: failures are not remembered") {
  RouteCache cache(30s);
  cache.remember("remote.test", Route::failure(Route::Outcome::temporary, "4.4.3", "DNS lookup failed"), kStart);
  cache.remember("null.test", Route::failure(Route::Outcome::permanent, "5.1.10", "null MX"), kStart);
  CHECK_FALSE(cache.find("remote.test", kStart));
  CHECK_FALSE(cache.find("null.test", kStart));
  SUBCASE("nor do they drop a usable route remembered before") {
    cache.remember("remote.test", route_via("mx.remote.test"), kStart);
    cache.remember("remote.test", Route::failure(Route::Outcome::temporary, "4.4.3", "timeout"), kStart + 1s);
    CHECK(cache.find("remote.test", kStart + 2s));
  }
}
