#include <doctest/doctest.h>

#include "carteiro/store/dkim_keys.hpp"
#include "carteiro/store/domains.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::store;

namespace {
constexpr std::int64_t kDec3 = 1796299200;  // 2026-12-03 12:00:00 UTC
constexpr std::int64_t kDay = 86400;
const std::vector<NewDkimKey> kPair = {{DkimAlgorithm::rsa, "rsa pem"}, {DkimAlgorithm::ed25519, "ed pem"}};

std::vector<std::string> selectors(const std::vector<DkimKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.selector);
  return out;
}
}  // namespace

TEST_CASE("store dkim keys: a first pair is current, dated selectors, RSA first") {
  TestDb t;
  domains::add(*t.db, "example.com");
  CHECK(dkim_keys::current(*t.db, "example.com").empty());
  auto made = dkim_keys::rotate(*t.db, "Example.COM", kPair, kDec3, 7 * kDay);
  CHECK(selectors(made) == std::vector<std::string>{"rsa-20261203", "ed-20261203"});
  CHECK(made[0].algorithm == DkimAlgorithm::rsa);
  CHECK(made[1].private_pem == "ed pem");
  CHECK(made[1].current());
  CHECK(selectors(dkim_keys::listed(*t.db, "example.com", kDec3)) == selectors(made));
  CHECK_THROWS_AS(dkim_keys::rotate(*t.db, "nowhere.example", kPair, kDec3, 0), UserError);
  CHECK(dkim_keys::current(*t.db, "nowhere.example").empty());
}

TEST_CASE("store dkim keys: rotation retires the old pair for the grace period, then prunes it") {
  TestDb t;
  domains::add(*t.db, "example.com");
  domains::add(*t.db, "other.example");
  dkim_keys::rotate(*t.db, "other.example", kPair, kDec3, 7 * kDay);
  dkim_keys::rotate(*t.db, "example.com", kPair, kDec3, 7 * kDay);
  // Twice the same day: the selectors stay unique.
  auto second = dkim_keys::rotate(*t.db, "example.com", {{DkimAlgorithm::rsa, "rsa 2"}, {DkimAlgorithm::ed25519, "ed 2"}},
                                  kDec3 + 60, 7 * kDay);
  CHECK(selectors(second) == std::vector<std::string>{"rsa-20261203-2", "ed-20261203-2"});
  auto third = dkim_keys::rotate(*t.db, "example.com", kPair, kDec3 + 120, 2 * kDay);
  CHECK(selectors(third) == std::vector<std::string>{"rsa-20261203-3", "ed-20261203-3"});
  CHECK(selectors(dkim_keys::current(*t.db, "example.com")) == selectors(third));

  auto listed = dkim_keys::listed(*t.db, "example.com", kDec3 + 180);
  CHECK(selectors(listed) == std::vector<std::string>{"rsa-20261203-3", "ed-20261203-3", "rsa-20261203-2",
                                                      "ed-20261203-2", "rsa-20261203", "ed-20261203"});
  CHECK(listed[2].retired_at == kDec3 + 120);
  CHECK(listed[2].delete_at == kDec3 + 120 + 2 * kDay);
  CHECK(listed[4].delete_at == kDec3 + 60 + 7 * kDay);

  // After two days the second pair is gone from the listing; prune deletes it.
  std::int64_t later = kDec3 + 120 + 2 * kDay;
  CHECK(selectors(dkim_keys::listed(*t.db, "example.com", later)) ==
        std::vector<std::string>{"rsa-20261203-3", "ed-20261203-3", "rsa-20261203", "ed-20261203"});
  CHECK(dkim_keys::prune(*t.db, later) == 2);
  CHECK(dkim_keys::prune(*t.db, kDec3 + 8 * kDay) == 2);
  CHECK(dkim_keys::listed(*t.db, "example.com", kDec3 + 8 * kDay).size() == 2);
  // The other domain's keys were never touched; a domain removed takes its keys along.
  CHECK(dkim_keys::current(*t.db, "other.example").size() == 2);
  domains::remove(*t.db, "other.example");
  CHECK(dkim_keys::listed(*t.db, "other.example", kDec3).empty());
}
