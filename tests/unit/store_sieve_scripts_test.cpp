// Sieve scripts in the store (schema/0010_sieve_scripts.sql, libs/store/src/sieve_scripts.cpp):
// named per account, at most one active, a version that follows the active text.
#include <doctest/doctest.h>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/sieve_scripts.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace {
struct SieveDb : TestDb {
  std::int64_t bob = 0, alice = 0;
  SieveDb() {
    domains::add(*db, "example.test");
    bob = accounts::add(*db, "bob@example.test", "h").id;
    alice = accounts::add(*db, "alice@example.test", "h").id;
  }
};
std::int64_t version(Db& db, std::int64_t account) { return sieve_scripts::active(db, account).value().version; }
}  // namespace

TEST_CASE("sieve scripts: put, get and list per account, sizes in octets, names case-sensitive") {
  SieveDb f;
  auto& db = *f.db;
  CHECK(sieve_scripts::list(db, f.bob).empty());
  CHECK_FALSE(sieve_scripts::get(db, f.bob, "main"));
  sieve_scripts::put(db, f.bob, "main", "keep;\r\n");
  sieve_scripts::put(db, f.bob, "Main", "# caf\xc3\xa9\r\nkeep;\r\n");
  sieve_scripts::put(db, f.alice, "main", "discard;");
  auto scripts = sieve_scripts::list(db, f.bob);
  REQUIRE(scripts.size() == 2);
  CHECK(scripts[0].name == "Main");
  CHECK(scripts[0].size == 16);
  CHECK(scripts[1].name == "main");
  CHECK(scripts[1].size == 7);
  CHECK_FALSE(scripts[0].active);
  CHECK(sieve_scripts::get(db, f.bob, "main") == "keep;\r\n");
  CHECK(sieve_scripts::get(db, f.alice, "main") == "discard;");
  CHECK_FALSE(sieve_scripts::get(db, f.alice, "Main"));
  sieve_scripts::put(db, f.bob, "main", "stop;");
  CHECK(sieve_scripts::get(db, f.bob, "main") == "stop;");
  CHECK(sieve_scripts::list(db, f.bob).size() == 2);
}

TEST_CASE("sieve scripts: the text is kept byte for byte, NUL included") {
  SieveDb f;
  std::string text("keep;\0\xff\r\n", 9);
  sieve_scripts::put(*f.db, f.bob, "bin", text);
  CHECK(sieve_scripts::get(*f.db, f.bob, "bin") == text);
  CHECK(sieve_scripts::list(*f.db, f.bob)[0].size == 9);
}

TEST_CASE("sieve scripts: at most one active, and replacing the active one keeps it active") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "a", "keep;");
  sieve_scripts::put(db, f.bob, "b", "discard;");
  CHECK_FALSE(sieve_scripts::active(db, f.bob));
  sieve_scripts::set_active(db, f.bob, "a");
  CHECK(sieve_scripts::active(db, f.bob)->name == "a");
  sieve_scripts::set_active(db, f.bob, "b");
  auto active = sieve_scripts::active(db, f.bob);
  REQUIRE(active);
  CHECK(active->name == "b");
  CHECK(active->text == "discard;");
  int n = 0;
  for (const auto& s : sieve_scripts::list(db, f.bob)) n += s.active ? 1 : 0;
  CHECK(n == 1);
  sieve_scripts::put(db, f.bob, "b", "stop;");
  CHECK(sieve_scripts::active(db, f.bob)->text == "stop;");
  sieve_scripts::set_active(db, f.bob, "");
  CHECK_FALSE(sieve_scripts::active(db, f.bob));
  CHECK_FALSE(sieve_scripts::active(db, f.alice));
  CHECK_THROWS_AS(sieve_scripts::set_active(db, f.bob, "nope"), UserError);
}

TEST_CASE("sieve scripts: the version changes with the active script and its text, and only then") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "a", "keep;");
  sieve_scripts::put(db, f.bob, "b", "discard;");
  sieve_scripts::set_active(db, f.bob, "a");
  auto v1 = version(db, f.bob);
  sieve_scripts::set_active(db, f.bob, "a");
  CHECK(version(db, f.bob) == v1);
  sieve_scripts::put(db, f.bob, "b", "stop;");  // not the active one
  CHECK(version(db, f.bob) == v1);
  sieve_scripts::put(db, f.bob, "a", "keep; stop;");
  auto v2 = version(db, f.bob);
  CHECK(v2 != v1);
  sieve_scripts::set_active(db, f.bob, "b");
  auto v3 = version(db, f.bob);
  CHECK(v3 != v2);
  // Another account's script never shares a version, even with the same text.
  sieve_scripts::put(db, f.alice, "b", "stop;");
  sieve_scripts::set_active(db, f.alice, "b");
  CHECK(version(db, f.alice) != v3);
}

TEST_CASE("sieve scripts: the active script cannot be deleted, others can") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "a", "keep;");
  sieve_scripts::put(db, f.bob, "b", "keep;");
  sieve_scripts::set_active(db, f.bob, "a");
  CHECK_THROWS_AS(sieve_scripts::remove(db, f.bob, "a"), UserError);
  CHECK_THROWS_AS(sieve_scripts::remove(db, f.bob, "c"), UserError);
  sieve_scripts::remove(db, f.bob, "b");
  CHECK(sieve_scripts::list(db, f.bob).size() == 1);
  sieve_scripts::set_active(db, f.bob, "");
  sieve_scripts::remove(db, f.bob, "a");
  CHECK(sieve_scripts::list(db, f.bob).empty());
}

TEST_CASE("sieve scripts: rename keeps the text and the active state, and refuses a taken name") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "a", "keep;");
  sieve_scripts::put(db, f.bob, "b", "discard;");
  sieve_scripts::set_active(db, f.bob, "a");
  auto v = version(db, f.bob);
  sieve_scripts::rename(db, f.bob, "a", "renamed");
  auto active = sieve_scripts::active(db, f.bob);
  REQUIRE(active);
  CHECK(active->name == "renamed");
  CHECK(active->text == "keep;");
  CHECK(active->version == v);
  CHECK_FALSE(sieve_scripts::get(db, f.bob, "a"));
  CHECK_THROWS_AS(sieve_scripts::rename(db, f.bob, "renamed", "b"), UserError);
  CHECK_THROWS_AS(sieve_scripts::rename(db, f.bob, "missing", "c"), UserError);
  CHECK_THROWS_AS(sieve_scripts::rename(db, f.bob, "b", ""), UserError);
  sieve_scripts::rename(db, f.bob, "b", "b");
  CHECK(sieve_scripts::get(db, f.bob, "b") == "discard;");
}

TEST_CASE("sieve scripts: names are UTF-8 without control characters (RFC 5804 section 1.6)") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "f\xc3\xa9rias 2026", "keep;");
  sieve_scripts::put(db, f.bob, "\xe2\x82\xac \xf0\x9f\x93\xac", "keep;");
  for (std::string bad : {std::string(), std::string("a\nb"), std::string("tab\there"), std::string("nul\0x", 5),
                          std::string("del\x7f"), std::string("c1 \xc2\x85"), std::string("ls \xe2\x80\xa8"),
                          std::string("bad \xff"), std::string("overlong \xc0\xaf"), std::string("cut \xe2\x82"),
                          std::string("surrogate \xed\xa0\x80"), std::string(256, 'n')})
    CHECK_THROWS_AS(sieve_scripts::put(db, f.bob, bad, "keep;"), UserError);
  CHECK(sieve_scripts::list(db, f.bob).size() == 2);
}

TEST_CASE("sieve scripts: removing an account removes its scripts") {
  SieveDb f;
  auto& db = *f.db;
  sieve_scripts::put(db, f.bob, "a", "keep;");
  sieve_scripts::set_active(db, f.bob, "a");
  sieve_scripts::put(db, f.alice, "a", "keep;");
  accounts::remove(db, "bob@example.test");
  auto& st = db.query("SELECT COUNT(*) FROM sieve_scripts WHERE account_id = ?", f.bob);
  REQUIRE(st.step());
  CHECK(st.integer(0) == 0);
  st.reset();
  CHECK(sieve_scripts::list(db, f.alice).size() == 1);
}
