#include <doctest/doctest.h>

#include "carteiro/pop3/maildrop.hpp"
#include "carteiro/pop3/maildrop_lock.hpp"

using namespace carteiro::pop3;

namespace {
Maildrop three() { return Maildrop(7, 1700000000, {{11, 100}, {12, 250}, {15, 4000}}); }
}  // namespace

TEST_CASE("pop3 maildrop: STAT counts and sizes, numbers fixed for the session") {
  auto drop = three();
  CHECK(drop.count() == 3);
  CHECK(drop.octets() == 4350);
  CHECK(drop.last_number() == 3);
  CHECK(drop.lookup(1) == Lookup::found);
  CHECK(drop.lookup(3) == Lookup::found);
  CHECK(drop.lookup(0) == Lookup::no_such_message);
  CHECK(drop.lookup(4) == Lookup::no_such_message);
  CHECK(drop.lookup(99999) == Lookup::no_such_message);
  CHECK(drop.unique_id(1) == "1700000000.11");
  CHECK(drop.unique_id(3) == "1700000000.15");
}

TEST_CASE("pop3 maildrop: DELE marks, RSET unmarks, numbers do not move") {
  auto drop = three();
  CHECK(drop.mark_deleted(2));
  CHECK_FALSE(drop.mark_deleted(2));  // already deleted
  CHECK_FALSE(drop.mark_deleted(4));
  CHECK_FALSE(drop.mark_deleted(0));
  CHECK(drop.lookup(2) == Lookup::deleted);
  CHECK(drop.count() == 2);
  CHECK(drop.octets() == 4100);
  CHECK(drop.at(3).uid == 15);
  CHECK(drop.deleted_uids() == std::vector<std::int64_t>{12});
  drop.unmark_all();
  CHECK(drop.count() == 3);
  CHECK(drop.deleted_uids().empty());
}

TEST_CASE("pop3 maildrop: an empty maildrop") {
  Maildrop drop(1, 5, {});
  CHECK(drop.count() == 0);
  CHECK(drop.octets() == 0);
  CHECK(drop.lookup(1) == Lookup::no_such_message);
}

TEST_CASE("pop3 maildrop lock: one session per account") {
  auto locks = std::make_shared<MaildropLocks>();
  {
    auto first = locks->try_lock(1);
    REQUIRE(first.has_value());
    CHECK(locks->locked(1));
    CHECK_FALSE(locks->try_lock(1).has_value());
    auto other = locks->try_lock(2);
    CHECK(other.has_value());
  }
  CHECK_FALSE(locks->locked(1));
  CHECK_FALSE(locks->locked(2));
  CHECK(locks->try_lock(1).has_value());
}
