#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <filesystem>
#include <random>

#include "carteiro/store/accounts.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/lists.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/migrations.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/store.hpp"

using namespace carteiro;
using namespace carteiro::store;

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("carteiro-unit-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path db() const { return path / "carteiro.db"; }
};

struct Fixture {
  TempDir dir;
  Db db{dir.db()};
  Fixture() { migrate(db); }
};

std::int64_t user_version(Db& db) {
  auto& st = db.prepare("PRAGMA user_version");
  st.step();
  auto v = st.integer(0);
  st.reset();
  return v;
}
}  // namespace

TEST_CASE("store: migrations apply once, in order, and refuse a newer database") {
  TempDir dir;
  Db db(dir.db());
  auto n = migrate(db);
  CHECK(n == static_cast<int>(embedded_migrations().size()));
  CHECK(n >= 1);
  CHECK(user_version(db) >= n);  // the newest file's number (numbers may leave gaps)
  CHECK(migrate(db) == 0);  // idempotent
  std::vector<Migration> custom = embedded_migrations();
  custom.push_back({"9999_test.sql", "CREATE TABLE extra(x INTEGER);"});
  CHECK(migrate(db, custom) == 1);
  db.run("INSERT INTO extra VALUES(1)");
  CHECK_THROWS_AS(migrate(db), Error);  // database newer than the program
  auto& mode = db.prepare("PRAGMA journal_mode");
  mode.step();
  CHECK(mode.text(0) == "wal");
  mode.reset();
}

TEST_CASE("store: migrations are keyed by their number, gaps allowed, duplicates refused") {
  TempDir dir;
  Db db(dir.db());
  std::vector<Migration> first = {{"0001_a.sql", "CREATE TABLE a(x);"}, {"0005_e.sql", "CREATE TABLE e(x);"}};
  CHECK(migrate(db, first) == 2);
  CHECK(user_version(db) == 5);
  // A newer file is applied on the next open, the others are not run again.
  std::vector<Migration> later = first;
  later.push_back({"0006_f.sql", "CREATE TABLE f(x);"});
  CHECK(migrate(db, later) == 1);
  CHECK(user_version(db) == 6);
  std::vector<Migration> twice = {{"0001_a.sql", ""}, {"0001_b.sql", ""}};
  CHECK_THROWS_AS(migrate(db, twice), Error);
}

TEST_CASE("store: a failing migration leaves the database as it was") {
  TempDir dir;
  Db db(dir.db());
  std::vector<Migration> bad = {{"0001_ok.sql", "CREATE TABLE a(x);"}, {"0004_bad.sql", "CREATE TABLE b(x); nonsense;"}};
  CHECK_THROWS_AS(migrate(db, bad), Error);
  CHECK(user_version(db) == 1);
  auto& st = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'");
  st.step();
  CHECK(st.integer(0) == 0);
  st.reset();
}

TEST_CASE("store: domains and accounts, with their default mailboxes") {
  Fixture f;
  domains::add(f.db, "Example.TEST");
  CHECK_THROWS_AS(domains::add(f.db, "example.test"), UserError);
  CHECK_THROWS_AS(domains::add(f.db, "bad domain"), UserError);
  auto a = accounts::add(f.db, "Bob@example.test", "$scrypt$x");
  CHECK(a.address == "Bob@example.test");
  CHECK(accounts::find(f.db, "bob@EXAMPLE.test"));  // case-insensitive
  CHECK_THROWS_AS(accounts::add(f.db, "bob@example.test", "h"), UserError);
  CHECK_THROWS_AS(accounts::add(f.db, "x@unknown.test", "h"), UserError);
  CHECK_THROWS_AS(accounts::add(f.db, "not an address", "h"), UserError);
  auto boxes = mailboxes::list(f.db, a.id);
  REQUIRE(boxes.size() == 5);
  CHECK(mailboxes::find(f.db, a.id, "inbox"));
  CHECK(mailboxes::find(f.db, a.id, "Trash")->special_use == "\\Trash");
  CHECK_FALSE(mailboxes::find(f.db, a.id, "trash"));  // only INBOX is case-insensitive
  domains::add(f.db, "other.test");
  CHECK(accounts::find_login(f.db, "bob")->address == "Bob@example.test");
  accounts::add(f.db, "bob@other.test", "h");
  CHECK_FALSE(accounts::find_login(f.db, "bob"));  // ambiguous bare name
}

TEST_CASE("store: UIDs ascend and are never reused, UIDVALIDITY is fresh") {
  Fixture f;
  domains::add(f.db, "example.test");
  auto a = accounts::add(f.db, "bob@example.test", "h");
  auto inbox = mailboxes::inbox_id(f.db, a.id);
  auto c = contents::insert(f.db, "Subject: x\r\n\r\nbody\r\n", ContentMeta{12, "", "", ""});
  auto m1 = messages::append(f.db, inbox, c);
  auto m2 = messages::append(f.db, inbox, c);
  CHECK(m1.uid == 1);
  CHECK(m2.uid == 2);
  CHECK(m2.modseq > m1.modseq);
  messages::expunge(f.db, inbox, {2});
  auto m3 = messages::append(f.db, inbox, c);
  CHECK(m3.uid == 3);  // 2 is never handed out again
  auto mb = mailboxes::get(f.db, inbox);
  CHECK(mb->uidnext == 4);
  auto x = mailboxes::create(f.db, a.id, "Projects");
  auto y = mailboxes::create(f.db, a.id, "Projects/2026");
  CHECK(y.uidvalidity > x.uidvalidity);
  CHECK_THROWS_AS(mailboxes::create(f.db, a.id, "Projects"), UserError);
  // Deleted and created again at once: the mailbox that had the highest UIDVALIDITY is
  // gone, yet the new one's is greater still (RFC 3501 section 2.3.1.1).
  imap::delete_mailbox(f.db, y.id, false);
  auto again = mailboxes::create(f.db, a.id, "Projects/2026");
  CHECK(again.uidvalidity > y.uidvalidity);
}

namespace {
// The UIDs as runs (schema/0006_uid_runs.sql) expanded, next to the messages' own UIDs.
std::vector<std::int64_t> uids_from_runs(Db& db, std::int64_t mailbox_id) {
  std::vector<std::int64_t> out;
  for (const auto& run : imap::uid_runs(db, mailbox_id))
    for (std::int64_t uid = run.first_uid; uid < run.first_uid + run.count; ++uid) out.push_back(uid);
  return out;
}
std::vector<std::int64_t> uids_of_messages(Db& db, std::int64_t mailbox_id) {
  std::vector<std::int64_t> out;
  for (const auto& m : messages::list(db, mailbox_id)) out.push_back(m.uid);
  return out;
}
}  // namespace

TEST_CASE("store: the UID runs follow every append and expunge") {
  Fixture f;
  domains::add(f.db, "example.test");
  auto a = accounts::add(f.db, "bob@example.test", "h");
  auto inbox = mailboxes::inbox_id(f.db, a.id);
  auto other = mailboxes::create(f.db, a.id, "Other").id;
  auto c = contents::insert(f.db, "Subject: x\r\n\r\nbody\r\n", ContentMeta{12, "", "", ""});
  std::mt19937 random(7);
  for (int round = 0; round < 60; ++round) {
    int appends = static_cast<int>(random() % 8);
    for (int i = 0; i < appends; ++i) messages::append(f.db, round % 3 ? inbox : other, c);
    auto live = uids_of_messages(f.db, inbox);
    std::vector<std::int64_t> gone;
    for (auto uid : live)
      if (random() % 4 == 0) gone.push_back(uid);
    messages::expunge(f.db, inbox, gone);
    REQUIRE(uids_from_runs(f.db, inbox) == uids_of_messages(f.db, inbox));
    REQUIRE(uids_from_runs(f.db, other) == uids_of_messages(f.db, other));
  }
  // Runs are maximal: no two touch.
  auto runs = imap::uid_runs(f.db, inbox);
  for (std::size_t i = 1; i < runs.size(); ++i) CHECK(runs[i - 1].first_uid + runs[i - 1].count < runs[i].first_uid);
  imap::delete_mailbox(f.db, other, false);
  CHECK(imap::uid_runs(f.db, other).empty());
}

TEST_CASE("store: the UID runs of a database from before them are worked out when it is migrated") {
  TempDir dir;
  Db db(dir.db());
  std::vector<Migration> before_runs;
  for (const auto& m : embedded_migrations())
    if (m.name < "0006") before_runs.push_back(m);
  migrate(db, before_runs);
  domains::add(db, "example.test");
  db.run("INSERT INTO accounts(domain_id, address, local_part, password_hash, created_at) VALUES(1, 'a@example.test', 'a', 'h', 0)");
  db.run("INSERT INTO mailboxes(account_id, name, uidvalidity) VALUES(1, 'INBOX', 1), (1, 'Other', 2)");
  db.run("INSERT INTO contents(refcount, size, header_size, data) VALUES(9, 1, 1, 'x')");
  for (auto [mailbox, uid] : std::vector<std::pair<int, int>>{{1, 1}, {1, 2}, {1, 3}, {1, 7}, {1, 9}, {1, 10}, {2, 4}})
    db.run("INSERT INTO messages(mailbox_id, uid, content_id, modseq, internaldate) VALUES(?, ?, 1, 1, 0)", mailbox, uid);
  migrate(db);
  CHECK(uids_from_runs(db, 1) == std::vector<std::int64_t>{1, 2, 3, 7, 9, 10});
  CHECK(imap::uid_runs(db, 1).size() == 3);
  CHECK(uids_from_runs(db, 2) == std::vector<std::int64_t>{4});
}

TEST_CASE("store: a message is stored once however many mailboxes hold it") {
  Fixture f;
  domains::add(f.db, "example.test");
  std::vector<std::int64_t> inboxes;
  for (int i = 0; i < 20; ++i) {
    auto a = accounts::add(f.db, "user" + std::to_string(i) + "@example.test", "h");
    inboxes.push_back(mailboxes::inbox_id(f.db, a.id));
  }
  auto before = contents::count(f.db);
  auto c = contents::insert(f.db, std::string(10000, 'x'), ContentMeta{});
  for (auto box : inboxes) messages::append(f.db, box, c);
  CHECK(contents::count(f.db) == before + 1);
  CHECK(contents::read(f.db, c).size() == 10000);
  CHECK(contents::read_piece(f.db, c, 9998, 10) == "xx");
  // Expunging releases references; the blob goes with the last one.
  for (std::size_t i = 0; i + 1 < inboxes.size(); ++i) messages::expunge(f.db, inboxes[i], {1});
  CHECK(contents::count(f.db) == before + 1);
  messages::expunge(f.db, inboxes.back(), {1});
  CHECK(contents::count(f.db) == before);
}

TEST_CASE("store: deleting an account releases its contents") {
  Fixture f;
  domains::add(f.db, "example.test");
  auto a = accounts::add(f.db, "a@example.test", "h");
  auto b = accounts::add(f.db, "b@example.test", "h");
  auto c = contents::insert(f.db, "shared", ContentMeta{});
  messages::append(f.db, mailboxes::inbox_id(f.db, a.id), c);
  messages::append(f.db, mailboxes::inbox_id(f.db, b.id), c);
  accounts::remove(f.db, "a@example.test");
  CHECK(contents::count(f.db) == 1);
  CHECK(contents::read(f.db, c) == "shared");
  accounts::remove(f.db, "b@example.test");
  CHECK(contents::count(f.db) == 0);
  CHECK_THROWS_AS(accounts::remove(f.db, "b@example.test"), UserError);
}

TEST_CASE("store: aliases, lists and the queue tables") {
  Fixture f;
  domains::add(f.db, "example.test");
  accounts::add(f.db, "bob@example.test", "h");
  aliases::add(f.db, "info@example.test", {"bob@example.test", "x@remote.test"});
  aliases::add(f.db, "info@example.test", {"bob@example.test"});  // no duplicate target
  CHECK(aliases::targets(f.db, "INFO@example.test").size() == 2);
  CHECK(aliases::pointing_to(f.db, "bob@example.test") == std::vector<std::string>{"info@example.test"});
  CHECK_THROWS_AS(aliases::add(f.db, "bob@example.test", {"x@y.test"}), UserError);   // an account
  CHECK_THROWS_AS(aliases::add(f.db, "a@unknown.test", {"x@y.test"}), UserError);     // not local
  CHECK_THROWS_AS(aliases::add(f.db, "a@example.test", {"not an address"}), UserError);
  aliases::remove(f.db, "info@example.test", {"x@remote.test"});
  CHECK(aliases::targets(f.db, "info@example.test").size() == 1);
  CHECK_THROWS_AS(aliases::remove(f.db, "none@example.test"), UserError);

  auto l = lists::create(f.db, "team@example.test", true);
  CHECK(l.members_only);
  lists::add_member(f.db, "team@example.test", "bob@example.test");
  CHECK_THROWS_AS(lists::add_member(f.db, "team@example.test", "bob@example.test"), UserError);
  CHECK_THROWS_AS(lists::create(f.db, "bob@example.test", false), UserError);
  CHECK(lists::find(f.db, "team@example.test")->members.size() == 1);
  lists::remove_member(f.db, "team@example.test", "bob@example.test");
  CHECK(lists::find(f.db, "team@example.test")->members.empty());

  auto c = contents::insert(f.db, "queued", ContentMeta{});
  auto q = queue::enqueue(f.db, c, "", {"a@remote.test", "b@remote.test"}, 5000000000);
  CHECK(queue::due(f.db, 1000, 10).empty());
  queue::flush(f.db);
  auto due = queue::due(f.db, 5000000000, 10);
  REQUIRE(due.size() == 1);
  CHECK(due[0].recipients.size() == 2);
  CHECK(due[0].sender.empty());
  queue::set_recipient(f.db, due[0].recipients[0].id, "sent", "250 ok");
  CHECK(queue::find(f.db, q)->recipients[0].status == "sent");
  CHECK(queue::remove(f.db, q));
  CHECK_FALSE(queue::remove(f.db, q));
  CHECK(contents::count(f.db) == 0);
}

namespace {
asio::awaitable<void> write_messages(Store& store, std::int64_t inbox, int n, int& done) {
  for (int i = 0; i < n; ++i) {
    auto work = [inbox](WriteTx& tx) {
      auto c = contents::insert(tx.db, "Subject: hi\r\n\r\nhello\r\n", ContentMeta{});
      tx.touch(inbox);
      return messages::append(tx.db, inbox, c).uid;
    };
    co_await store.write(work);
    ++done;
  }
}
}  // namespace

TEST_CASE("store: concurrent writers are group-committed and all durable") {
  TempDir dir;
  std::int64_t inbox = 0;
  {
    Db db(dir.db());
    migrate(db);
    domains::add(db, "example.test");
    inbox = mailboxes::inbox_id(db, accounts::add(db, "bob@example.test", "h").id);
  }
  Store store(StoreOptions{dir.db()});
  int notified = 0;
  auto sub = store.events().subscribe(inbox, [&] { ++notified; });
  asio::io_context io;
  int done = 0;
  const int writers = 8, each = 25;
  for (int w = 0; w < writers; ++w) asio::co_spawn(io, write_messages(store, inbox, each, done), asio::detached);
  io.run();
  CHECK(done == writers * each);
  auto stats = store.stats();
  CHECK(stats.requests == static_cast<std::uint64_t>(writers * each));
  CHECK(stats.commits < stats.requests);  // batches formed
  CHECK(notified >= 1);
  store.close();
  Db check(dir.db());
  CHECK(messages::count(check, inbox) == writers * each);
  auto list = messages::list(check, inbox);
  for (std::size_t i = 0; i < list.size(); ++i) CHECK(list[i].uid == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("store: a write's topics are announced before the writer resumes") {
  TempDir dir;
  Store store(StoreOptions{dir.db()});
  std::atomic<bool> announced{false};
  // A slow subscriber widens the window in which a writer resumed before the
  // announcement would find nothing flagged yet (an IMAP session then replied OK before
  // its own "* n EXISTS").
  auto sub = store.events().subscribe(42, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    announced = true;
  });
  asio::io_context io;
  std::optional<bool> seen_on_resume;
  auto writer = [&]() -> asio::awaitable<void> {
    auto work = [](WriteTx& tx) {
      domains::add(tx.db, "announce.test");
      tx.touch(42);
    };
    co_await store.write(work);
    seen_on_resume = announced.load();
  };
  asio::co_spawn(io, writer(), asio::detached);
  io.run();
  CHECK(seen_on_resume == true);
}

TEST_CASE("store: a failing request in a batch is rolled back alone") {
  TempDir dir;
  Store store(StoreOptions{dir.db()});
  asio::io_context io;
  bool good_done = false, bad_failed = false;
  auto good = [&]() -> asio::awaitable<void> {
    auto work = [](WriteTx& tx) { domains::add(tx.db, "good.test"); };
    co_await store.write(work);
    good_done = true;
  };
  auto bad = [&]() -> asio::awaitable<void> {
    try {
      auto work = [](WriteTx& tx) {
        domains::add(tx.db, "bad.test");
        throw UserError("changed my mind");
      };
      co_await store.write(work);
    } catch (const UserError& e) {
      bad_failed = std::string(e.what()) == "changed my mind";
    }
  };
  auto g = good();
  auto b = bad();
  asio::co_spawn(io, std::move(b), asio::detached);
  asio::co_spawn(io, std::move(g), asio::detached);
  io.run();
  CHECK(good_done);
  CHECK(bad_failed);
  asio::io_context io2;
  std::optional<bool> good_exists, bad_exists;
  auto check = [&]() -> asio::awaitable<void> {
    auto q1 = [](Db& db) { return domains::is_local(db, "good.test"); };
    auto q2 = [](Db& db) { return domains::is_local(db, "bad.test"); };
    good_exists = co_await store.read(q1);
    bad_exists = co_await store.read(q2);
  };
  asio::co_spawn(io2, check(), asio::detached);
  io2.run();
  CHECK(good_exists == true);
  CHECK(bad_exists == false);
}
