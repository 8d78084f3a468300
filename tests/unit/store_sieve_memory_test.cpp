// What Sieve scripts remember (schema/0011_sieve_memory.sql): vacation replies and
// duplicate ids, each until it expires.
#include <doctest/doctest.h>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/sieve_memory.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

TEST_CASE("store sieve memory: vacation replies per sender and handle, until they expire") {
  TestDb t;
  domains::add(*t.db, "example.test");
  auto bob = accounts::add(*t.db, "bob@example.test", "x").id;
  auto carol = accounts::add(*t.db, "carol@example.test", "x").id;
  CHECK_FALSE(sieve_memory::vacation_answered(*t.db, bob, "h", "alice@remote.test", 100));
  sieve_memory::remember_vacation(*t.db, bob, "h", "alice@remote.test", 200);
  CHECK(sieve_memory::vacation_answered(*t.db, bob, "h", "alice@remote.test", 100));
  CHECK(sieve_memory::vacation_answered(*t.db, bob, "h", "ALICE@remote.test", 199));
  CHECK_FALSE(sieve_memory::vacation_answered(*t.db, bob, "h", "alice@remote.test", 200));
  CHECK_FALSE(sieve_memory::vacation_answered(*t.db, bob, "other", "alice@remote.test", 100));
  CHECK_FALSE(sieve_memory::vacation_answered(*t.db, carol, "h", "alice@remote.test", 100));
  sieve_memory::remember_vacation(*t.db, bob, "h", "alice@remote.test", 400);  // a new period
  CHECK(sieve_memory::vacation_answered(*t.db, bob, "h", "alice@remote.test", 300));
}

TEST_CASE("store sieve memory: duplicate ids, pruning, and an account's removal") {
  TestDb t;
  domains::add(*t.db, "example.test");
  auto bob = accounts::add(*t.db, "bob@example.test", "x").id;
  sieve_memory::remember_duplicate(*t.db, bob, "id-1", 100);
  sieve_memory::remember_duplicate(*t.db, bob, "id-2", 300);
  sieve_memory::remember_vacation(*t.db, bob, "h", "alice@remote.test", 100);
  CHECK(sieve_memory::duplicate_seen(*t.db, bob, "id-1", 50));
  CHECK_FALSE(sieve_memory::duplicate_seen(*t.db, bob, "id-1", 100));
  CHECK_FALSE(sieve_memory::duplicate_seen(*t.db, bob, "id-3", 50));
  CHECK(sieve_memory::prune(*t.db, 200) == 2);
  CHECK(sieve_memory::duplicate_seen(*t.db, bob, "id-2", 200));
  accounts::remove(*t.db, "bob@example.test");
  CHECK(sieve_memory::prune(*t.db, 1000) == 0);  // gone with the account
}
