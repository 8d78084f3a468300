// Storage quotas (schema/0009_quota.sql, libs/store/src/quotas.cpp): the usage the triggers
// keep always equals a count made from scratch, whatever changes the messages.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "carteiro/store/quotas.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace carteiro::store {
bool operator==(const QuotaUsage& a, const QuotaUsage& b) { return a.storage == b.storage && a.messages == b.messages; }
}  // namespace carteiro::store

namespace {

// Usage counted the slow way: every placement of every message of the account.
QuotaUsage counted(Db& db, std::int64_t account_id) {
  auto& st = db.query(
      "SELECT COALESCE(SUM(c.size), 0), COUNT(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id "
      "JOIN contents c ON c.id = m.content_id WHERE b.account_id = ?",
      account_id);
  st.step();
  QuotaUsage out{st.integer(0), st.integer(1)};
  st.reset();
  return out;
}

QuotaUsage kept(Db& db, std::int64_t account_id) { return quotas::of_account(db, account_id)->used; }

struct QuotaDb : TestDb {
  std::int64_t bob = 0, alice = 0;
  QuotaDb() {
    domains::add(*db, "example.test");
    bob = accounts::add(*db, "bob@example.test", "h").id;
    alice = accounts::add(*db, "alice@example.test", "h").id;
  }
  std::int64_t content(std::size_t size) { return contents::insert(*db, std::string(size, 'x'), ContentMeta{}); }
};

}  // namespace

TEST_CASE("quota: usage follows random appends, copies, expunges and mailbox deletes") {
  QuotaDb f;
  auto& db = *f.db;
  std::mt19937 random(2026);
  std::vector<std::int64_t> boxes;
  for (auto account : {f.bob, f.alice})
    for (const auto& m : mailboxes::list(db, account)) boxes.push_back(m.id);
  for (int round = 0; round < 300; ++round) {
    auto box = boxes[random() % boxes.size()];
    switch (random() % 6) {
      case 0:
      case 1: {  // delivery or APPEND: a new content
        auto c = f.content(1 + random() % 5000);
        messages::append(db, box, c);
        break;
      }
      case 2: {  // COPY: the same content placed again, in the same account or another
        auto rows = messages::list(db, box);
        if (!rows.empty()) messages::append(db, boxes[random() % boxes.size()], rows[random() % rows.size()].content_id);
        break;
      }
      case 3:
      case 4: {  // EXPUNGE of some messages
        std::vector<std::int64_t> gone;
        for (const auto& m : messages::list(db, box))
          if (random() % 3 == 0) gone.push_back(m.uid);
        messages::expunge(db, box, gone);
        break;
      }
      case 5: {  // DELETE of a mailbox (INBOX stays; a new one takes the place of the gone one)
        auto mailbox = mailboxes::get(db, box);
        if (mailbox->name == "INBOX") break;
        imap::delete_mailbox(db, box, false);
        auto fresh = mailboxes::create(db, mailbox->account_id, mailbox->name + "x").id;
        std::replace(boxes.begin(), boxes.end(), box, fresh);
        break;
      }
    }
    REQUIRE(kept(db, f.bob) == counted(db, f.bob));
    REQUIRE(kept(db, f.alice) == counted(db, f.alice));
  }
  CHECK(kept(db, f.bob).messages + kept(db, f.alice).messages > 0);
  // A copy costs its size again, although its bytes are stored once.
  auto before = kept(db, f.bob);
  auto c = f.content(1000);
  messages::append(db, mailboxes::inbox_id(db, f.bob), c);
  messages::append(db, mailboxes::create(db, f.bob, "Copies").id, c);
  CHECK(kept(db, f.bob) == QuotaUsage{before.storage + 2000, before.messages + 2});
  // Removing one account leaves the other's usage as it was.
  auto alice = kept(db, f.alice);
  accounts::remove(db, "bob@example.test");
  CHECK(kept(db, f.alice) == alice);
}

TEST_CASE("quota: a database from before quotas gets its usage counted when it is migrated") {
  TestDb fresh;  // only for its directory
  fresh.db.reset();
  Db db(fresh.dir / "old.db");
  std::vector<Migration> before_quotas;
  for (const auto& m : embedded_migrations())
    if (m.name < "0009") before_quotas.push_back(m);
  migrate(db, before_quotas);
  db.run("INSERT INTO domains(name, created_at) VALUES('example.test', 0)");
  db.run("INSERT INTO accounts(domain_id, address, local_part, password_hash, created_at) VALUES "
         "(1, 'a@example.test', 'a', 'h', 0), (1, 'b@example.test', 'b', 'h', 0)");
  db.run("INSERT INTO mailboxes(account_id, name, uidvalidity) VALUES(1, 'INBOX', 1), (1, 'Other', 2), (2, 'INBOX', 3)");
  db.run("INSERT INTO contents(refcount, size, header_size, data) VALUES(3, 100, 1, 'x'), (1, 7, 1, 'y')");
  db.run("INSERT INTO messages(mailbox_id, uid, content_id, modseq, internaldate) VALUES "
         "(1, 1, 1, 1, 0), (1, 2, 2, 1, 0), (2, 1, 1, 1, 0), (3, 1, 1, 1, 0)");
  migrate(db);
  CHECK(kept(db, 1) == QuotaUsage{207, 3});
  CHECK(kept(db, 2) == QuotaUsage{100, 1});
  CHECK_FALSE(quotas::of_account(db, 1)->limited());
}

TEST_CASE("quota: an account's own limits, else its domain's, else none") {
  QuotaDb f;
  auto& db = *f.db;
  CHECK_FALSE(quotas::of_account(db, f.bob)->limited());
  quotas::set_domain_limit(db, "EXAMPLE.test", QuotaResource::storage, 1000);
  quotas::set_domain_limit(db, "example.test", QuotaResource::messages, 10);
  quotas::set_account_limit(db, "bob@example.test", QuotaResource::storage, 5000);
  auto bob = *quotas::of_account(db, f.bob);
  CHECK(bob.limits.storage == 5000);
  CHECK(bob.limits.messages == 10);
  CHECK(bob.own.storage == 5000);
  CHECK_FALSE(bob.own.messages);
  CHECK(quotas::of_account(db, f.alice)->limits.storage == 1000);
  quotas::set_account_limit(db, "bob@example.test", QuotaResource::storage, std::nullopt);
  CHECK(quotas::of_account(db, f.bob)->limits.storage == 1000);
  quotas::set_domain_limit(db, "example.test", QuotaResource::storage, std::nullopt);
  CHECK_FALSE(quotas::of_account(db, f.bob)->limits.storage);
  CHECK(quotas::domain_limits(db, "example.test").messages == 10);
  CHECK_THROWS_AS(quotas::set_account_limit(db, "nobody@example.test", QuotaResource::storage, 1), UserError);
  CHECK_THROWS_AS(quotas::set_domain_limit(db, "example.org", QuotaResource::storage, 1), UserError);
  CHECK_THROWS_AS(quotas::set_account_limit(db, "bob@example.test", QuotaResource::storage, 0), UserError);
}

TEST_CASE("quota: full, fits and never fits") {
  AccountQuota q;
  q.used = QuotaUsage{900, 9};
  CHECK_FALSE(q.full());
  CHECK(q.fits(1'000'000'000));
  q.limits = QuotaLimits{1000, 10};
  CHECK_FALSE(q.full());
  CHECK(q.fits(100));
  CHECK_FALSE(q.fits(101));
  CHECK_FALSE(q.fits(10, 2));
  CHECK(q.never_fits(1001));
  CHECK_FALSE(q.never_fits(1000));
  q.used.messages = 10;
  CHECK(q.full());
  q.used = QuotaUsage{1000, 0};
  CHECK(q.full());
}

TEST_CASE("quota: require_room throws QuotaExceeded and the caller's savepoint keeps nothing") {
  QuotaDb f;
  auto& db = *f.db;
  quotas::set_account_limit(db, "bob@example.test", QuotaResource::storage, 100);
  auto inbox = mailboxes::inbox_id(db, f.bob);
  quotas::require_room(db, f.bob, 100, 1);
  messages::append(db, inbox, f.content(60));
  CHECK_THROWS_AS(quotas::require_room(db, f.bob, 41, 1), QuotaExceeded);
  quotas::require_room(db, f.bob, 40, 1);
  CHECK(quotas::of_account(db, f.bob)->used.storage == 60);
}
