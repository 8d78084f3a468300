// Expunged UIDs with their mod-sequence (schema/0008_vanished_runs.sql), for QRESYNC.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "carteiro/store/vanished.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

namespace {

struct VanishedDb : TestDb {
  std::int64_t account = 0;
  std::int64_t inbox = 0;
  std::int64_t content = 0;
  VanishedDb() {
    domains::add(*db, "example.test");
    account = accounts::add(*db, "bob@example.test", "h").id;
    inbox = mailboxes::inbox_id(*db, account);
    content = contents::insert(*db, "Subject: x\r\n\r\nbody\r\n", ContentMeta{12, "", "", ""});
  }
  void append(int n) {
    for (int i = 0; i < n; ++i) {
      contents::add_refs(*db, content, 1);
      messages::append(*db, inbox, content);
    }
  }
  std::int64_t highestmodseq() { return mailboxes::get(*db, inbox)->highestmodseq; }
  std::vector<std::pair<std::int64_t, std::int64_t>> since(std::int64_t modseq) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const auto& run : imap::vanished_since(*db, inbox, modseq)) out.emplace_back(run.first_uid, run.last_uid);
    return out;
  }
};

using Runs = std::vector<std::pair<std::int64_t, std::int64_t>>;

}  // namespace

TEST_CASE("store vanished: an expunge records its UIDs at the HIGHESTMODSEQ after it") {
  VanishedDb f;
  f.append(6);
  auto before = f.highestmodseq();
  CHECK(f.since(0).empty());
  messages::expunge(*f.db, f.inbox, {2, 3});
  auto after = f.highestmodseq();
  CHECK(after == before + 1);
  CHECK(f.since(before) == Runs{{2, 3}});
  CHECK(f.since(after).empty());  // nothing vanished after the expunge's own mod-sequence

  messages::expunge(*f.db, f.inbox, {5});
  auto later = f.highestmodseq();
  CHECK(f.since(after) == Runs{{5, 5}});
  CHECK(f.since(before) == Runs{{2, 3}, {5, 5}});
  CHECK(f.since(later).empty());
}

TEST_CASE("store vanished: runs merge across UIDs that no longer exist") {
  VanishedDb f;
  f.append(6);
  messages::expunge(*f.db, f.inbox, {2});
  auto middle = f.highestmodseq();
  messages::expunge(*f.db, f.inbox, {3});
  // 3 joins the run of 2: one row, at the newer mod-sequence (2 may be told again).
  CHECK(f.since(middle) == Runs{{2, 3}});
  messages::expunge(*f.db, f.inbox, {5});  // 4 still exists: a run of its own
  CHECK(f.since(0) == Runs{{2, 3}, {5, 5}});
  messages::expunge(*f.db, f.inbox, {4});
  CHECK(f.since(0) == Runs{{2, 4}, {5, 5}});
}

TEST_CASE("store vanished: MOVE-style expunges in descending order and a re-created mailbox") {
  VanishedDb f;
  auto box = mailboxes::create(*f.db, f.account, "Work");
  auto c = f.content;
  for (int i = 0; i < 4; ++i) {
    contents::add_refs(*f.db, c, 1);
    messages::append(*f.db, box.id, c);
  }
  messages::expunge(*f.db, box.id, {4, 2});
  auto runs = imap::vanished_since(*f.db, box.id, 0);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].first_uid == 2);
  CHECK(runs[1].first_uid == 4);

  // DELETE keeping the name (it has a child), then CREATE again: a new UIDVALIDITY and
  // UIDs from 1, so the old history is gone.
  mailboxes::create(*f.db, f.account, "Work/Child");
  imap::delete_mailbox(*f.db, box.id, true);
  CHECK_FALSE(imap::vanished_since(*f.db, box.id, 0).empty());
  mailboxes::create(*f.db, f.account, "Work");
  CHECK(imap::vanished_since(*f.db, box.id, 0).empty());

  // DELETE without a child takes the rows along.
  auto other = mailboxes::create(*f.db, f.account, "Other");
  contents::add_refs(*f.db, c, 1);
  messages::append(*f.db, other.id, c);
  messages::expunge(*f.db, other.id, {1});
  imap::delete_mailbox(*f.db, other.id, false);
  auto& st = f.db->query("SELECT COUNT(*) FROM vanished_runs WHERE mailbox_id = ?", other.id);
  REQUIRE(st.step());
  CHECK(st.integer(0) == 0);
  st.reset();
}
