#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>

#include "carteiro/delivery/resolve.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/lists.hpp"
#include "carteiro/store/migrations.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

namespace {

// A fresh database in a temporary directory with domain example.test.
struct ResolveDb {
  std::filesystem::path dir;
  std::unique_ptr<store::Db> db;
  ResolveDb() {
    dir = std::filesystem::temp_directory_path() / ("carteiro-resolve-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    db = std::make_unique<store::Db>(dir / "test.db");
    store::migrate(*db);
    store::domains::add(*db, "example.test");
  }
  ~ResolveDb() {
    db.reset();
    std::filesystem::remove_all(dir);
  }
  std::int64_t account(const char* address) { return store::accounts::add(*db, address, "x").id; }
  Resolution resolve(const char* address, const char* sender = "someone@elsewhere.test") {
    return delivery::resolve(*db, *parse_address(address), sender);
  }
};

std::vector<std::string> addresses(const std::vector<Target>& targets) {
  std::vector<std::string> out;
  for (auto& t : targets) out.push_back(t.address);
  return out;
}

}  // namespace

TEST_CASE("delivery resolve: exact account, case-insensitive") {
  ResolveDb t;
  auto bob = t.account("bob@example.test");
  auto r = t.resolve("BOB@Example.Test");
  REQUIRE(r.ok());
  CHECK(r.local_domain);
  REQUIRE(r.direct.size() == 1);
  CHECK(r.direct[0].account_id == bob);
  CHECK(r.direct[0].address == "bob@example.test");
}

TEST_CASE("delivery resolve: unknown local user, remote address") {
  ResolveDb t;
  auto r = t.resolve("nobody@example.test");
  CHECK(r.status == ResolveStatus::unknown_user);
  CHECK(r.direct.empty());
  auto remote = t.resolve("alice@crepes.fr");
  REQUIRE(remote.ok());
  CHECK_FALSE(remote.local_domain);
  REQUIRE(remote.direct.size() == 1);
  CHECK_FALSE(remote.direct[0].local());
}

TEST_CASE("delivery resolve: plus-addressing") {
  ResolveDb t;
  auto bob = t.account("bob@example.test");
  auto r = t.resolve("bob+lists@example.test");
  REQUIRE(r.ok());
  REQUIRE(r.direct.size() == 1);
  CHECK(r.direct[0].account_id == bob);
  CHECK(t.resolve("carol+x@example.test").status == ResolveStatus::unknown_user);
}

TEST_CASE("delivery resolve: aliases one-to-many, many-to-one, recursive") {
  ResolveDb t;
  t.account("bob@example.test");
  t.account("alice@example.test");
  store::aliases::add(*t.db, "team@example.test", {"bob@example.test", "alice@example.test", "ext@remote.test"});
  store::aliases::add(*t.db, "info@example.test", {"bob@example.test"});
  store::aliases::add(*t.db, "sales@example.test", {"bob@example.test"});
  store::aliases::add(*t.db, "all@example.test", {"team@example.test", "info@example.test", "sales@example.test"});
  auto r = t.resolve("team@example.test");
  REQUIRE(r.ok());
  CHECK(addresses(r.direct) == std::vector<std::string>{"bob@example.test", "alice@example.test", "ext@remote.test"});
  auto info = t.resolve("info@example.test");
  REQUIRE(info.ok());
  CHECK(addresses(info.direct) == std::vector<std::string>{"bob@example.test"});
  auto all = t.resolve("all@example.test");  // diamonds: each target once
  REQUIRE(all.ok());
  CHECK(all.direct.size() == 3);
}

TEST_CASE("delivery resolve: alias cycles are an error, not an endless expansion") {
  ResolveDb t;
  t.account("bob@example.test");
  store::aliases::add(*t.db, "a@example.test", {"b@example.test"});
  store::aliases::add(*t.db, "b@example.test", {"c@example.test", "bob@example.test"});
  store::aliases::add(*t.db, "c@example.test", {"A@example.test"});
  auto r = t.resolve("a@example.test");
  CHECK(r.status == ResolveStatus::loop);
  CHECK(r.direct.empty());
  store::aliases::add(*t.db, "self@example.test", {"self@example.test"});
  CHECK(t.resolve("self@example.test").status == ResolveStatus::loop);
}

TEST_CASE("delivery resolve: depth limit") {
  ResolveDb t;
  t.account("end@example.test");
  // a0 -> a1 -> ... -> aN -> end
  auto chain = [&](int n) {
    for (int i = 0; i < n; ++i)
      store::aliases::add(*t.db, "c" + std::to_string(n) + "x" + std::to_string(i) + "@example.test",
                          {i + 1 < n ? "c" + std::to_string(n) + "x" + std::to_string(i + 1) + "@example.test"
                                     : std::string("end@example.test")});
    return "c" + std::to_string(n) + "x0@example.test";
  };
  auto ok = chain(kMaxAliasDepth);
  CHECK(t.resolve(ok.c_str()).ok());
  auto deep = chain(kMaxAliasDepth + 1);
  CHECK(t.resolve(deep.c_str()).status == ResolveStatus::too_deep);
}

TEST_CASE("delivery resolve: catch-all, and a catch-all that points at itself") {
  ResolveDb t;
  auto bob = t.account("bob@example.test");
  store::domains::set_catch_all(*t.db, "example.test", std::string("bob@example.test"));
  auto r = t.resolve("whatever@example.test");
  REQUIRE(r.ok());
  CHECK(r.direct[0].account_id == bob);
  store::domains::set_catch_all(*t.db, "example.test", std::string("ghost@example.test"));
  CHECK(t.resolve("whatever@example.test").status == ResolveStatus::loop);
}

TEST_CASE("delivery resolve: mailing lists") {
  ResolveDb t;
  t.account("bob@example.test");
  t.account("alice@example.test");
  store::lists::create(*t.db, "equipe@example.test", false);
  store::lists::add_member(*t.db, "equipe@example.test", "bob@example.test");
  store::lists::add_member(*t.db, "equipe@example.test", "alice@example.test");
  store::lists::add_member(*t.db, "equipe@example.test", "far@remote.test");
  auto r = t.resolve("equipe@example.test");
  REQUIRE(r.ok());
  CHECK(r.direct.empty());
  REQUIRE(r.lists.size() == 1);
  CHECK(r.lists[0].list == "equipe@example.test");
  CHECK(r.lists[0].members.size() == 3);
  CHECK(list_bounce_address("equipe@example.test") == "equipe-bounces@example.test");
  // Reached through an alias: still a list post.
  store::aliases::add(*t.db, "staff@example.test", {"equipe@example.test", "bob@example.test"});
  auto via = t.resolve("staff@example.test");
  REQUIRE(via.ok());
  CHECK(via.direct.size() == 1);
  CHECK(via.lists.size() == 1);
}

TEST_CASE("delivery resolve: members-only lists, and lists that contain themselves") {
  ResolveDb t;
  t.account("bob@example.test");
  store::lists::create(*t.db, "closed@example.test", true);
  store::lists::add_member(*t.db, "closed@example.test", "bob@example.test");
  CHECK(t.resolve("closed@example.test", "bob@example.test").ok());
  CHECK(t.resolve("closed@example.test", "BOB@example.test").ok());
  CHECK(t.resolve("closed@example.test", "eve@evil.test").status == ResolveStatus::not_member);
  CHECK(t.resolve("closed@example.test", "").status == ResolveStatus::not_member);
  store::lists::create(*t.db, "loopy@example.test", false);
  store::lists::add_member(*t.db, "loopy@example.test", "loopy@example.test");
  CHECK(t.resolve("loopy@example.test").status == ResolveStatus::loop);
}

TEST_CASE("delivery resolve: list bounce address goes to the postmaster, or is dropped") {
  ResolveDb t;
  store::lists::create(*t.db, "equipe@example.test", false);
  auto dropped = t.resolve("equipe-bounces@example.test", "");
  REQUIRE(dropped.ok());
  CHECK(dropped.direct.empty());
  auto pm = t.account("postmaster@example.test");
  auto r = t.resolve("equipe-bounces@example.test", "");
  REQUIRE(r.ok());
  REQUIRE(r.direct.size() == 1);
  CHECK(r.direct[0].account_id == pm);
  CHECK(t.resolve("other-bounces@example.test").status == ResolveStatus::unknown_user);
}
