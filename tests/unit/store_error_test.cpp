#include <doctest/doctest.h>

#include "carteiro/store/db.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace {
// The kind of the store::Error that RUN throws (other when it throws none).
template <typename F>
Error caught(F run) {
  try {
    run();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no store::Error thrown");
  return Error("none");
}
}  // namespace

TEST_CASE("store errors: a database that cannot grow is full, and temporary") {
  TestDb t;
  t.db->exec("CREATE TABLE big(data BLOB)");
  t.db->exec("PRAGMA max_page_count = 64");
  Error e = caught([&] { t.db->run("INSERT INTO big VALUES(randomblob(1000000))"); });
  CHECK(e.kind() == ErrorKind::full);
  CHECK(e.full());
  CHECK(e.temporary());
}

TEST_CASE("store errors: a write lock held past the busy timeout is busy, and temporary") {
  TestDb t;
  Db other(t.dir / "carteiro.db");
  other.exec("PRAGMA busy_timeout = 0");
  t.db->exec("BEGIN IMMEDIATE");
  Error e = caught([&] { other.exec("BEGIN IMMEDIATE"); });
  CHECK(e.kind() == ErrorKind::busy);
  CHECK(e.temporary());
  CHECK_FALSE(e.full());
  t.db->exec("ROLLBACK");
}

TEST_CASE("store errors: a broken rule is a constraint, a bad statement other, neither temporary") {
  TestDb t;
  t.db->exec("CREATE TABLE names(name TEXT UNIQUE)");
  t.db->run("INSERT INTO names VALUES(?)", "a");
  Error duplicate = caught([&] { t.db->run("INSERT INTO names VALUES(?)", "a"); });
  CHECK(duplicate.kind() == ErrorKind::constraint);
  CHECK_FALSE(duplicate.temporary());
  Error bad = caught([&] { t.db->prepare("SELEKT 1"); });
  CHECK(bad.kind() == ErrorKind::other);
  CHECK_FALSE(bad.temporary());
  CHECK(std::string(bad.what()).find("SELEKT") != std::string::npos);
}
