#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <filesystem>
#include <future>
#include <random>
#include <string>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/lists.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/quotas.hpp"

using namespace carteiro;

namespace {

// A Store in a temporary directory, with a way to run one coroutine to completion.
struct DeliverFixture {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<delivery::Deliverer> deliverer;
  asio::io_context io;

  DeliverFixture() {
    dir = std::filesystem::temp_directory_path() / ("carteiro-deliver-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    store = std::make_unique<store::Store>(store::StoreOptions{dir / "carteiro.db", "normal", true, 1, 64});
    deliverer = std::make_unique<delivery::Deliverer>(*store, "mx.example.test");
    run_db([](store::Db& db) { store::domains::add(db, "example.test"); });
  }
  ~DeliverFixture() {
    deliverer.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
  template <typename F>
  void run_db(F fn) {
    store::Db db(dir / "carteiro.db");
    store::Transaction tx(db);
    fn(db);
    tx.commit();
  }
  delivery::Delivered deliver(std::string sender, std::vector<std::string> rcpts, std::string data) {
    std::optional<delivery::Delivered> out;
    std::exception_ptr error;
    asio::co_spawn(io, deliverer->deliver(delivery::Envelope{std::move(sender), std::move(rcpts), {}, {}}, std::move(data)),
                   [&](std::exception_ptr e, delivery::Delivered d) {
                     error = e;
                     if (!e) out = std::move(d);
                   });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
    return *out;
  }
  std::vector<std::string> inbox(const char* address) {
    std::vector<std::string> out;
    run_db([&](store::Db& db) {
      auto acc = store::accounts::find(db, address);
      auto inbox = store::mailboxes::inbox_id(db, acc->id);
      for (auto& m : store::messages::list(db, inbox)) out.push_back(store::contents::read(db, m.content_id));
    });
    return out;
  }
  std::int64_t contents() {
    std::int64_t n = 0;
    run_db([&](store::Db& db) { n = store::contents::count(db); });
    return n;
  }
};

}  // namespace

TEST_CASE("delivery: message ids are distinct and short") {
  auto a = delivery::make_message_id();
  auto b = delivery::make_message_id();
  CHECK(a.size() == 16);
  CHECK(a != b);
}

TEST_CASE("delivery: local recipients share one stored copy, Return-Path added") {
  DeliverFixture f;
  f.run_db([](store::Db& db) {
    store::accounts::add(db, "bob@example.test", "x");
    store::accounts::add(db, "alice@example.test", "x");
  });
  auto d = f.deliver("carol@crepes.fr", {"bob@example.test", "alice@example.test", "Bob@example.test"},
                     "Subject: hi\r\n\r\nhello\r\n");
  CHECK(d.local == 2);
  CHECK(d.remote == 0);
  CHECK(d.failed.empty());
  CHECK(d.id.size() == 16);
  CHECK(f.contents() == 1);
  auto bob = f.inbox("bob@example.test");
  REQUIRE(bob.size() == 1);
  CHECK(bob[0] == "Return-Path: <carol@crepes.fr>\r\nSubject: hi\r\n\r\nhello\r\n");
  f.run_db([](store::Db& db) {  // what IMAP reads: the header size counts Return-Path
    auto acc = store::accounts::find(db, "bob@example.test");
    auto m = store::messages::list(db, store::mailboxes::inbox_id(db, acc->id));
    auto meta = store::contents::meta(db, m[0].content_id);
    CHECK(meta->header_size == 47);
    CHECK(meta->envelope.find("\"hi\"") != std::string::npos);
    CHECK_FALSE(meta->bodystructure.empty());
  });
  CHECK(f.inbox("alice@example.test").size() == 1);
}

TEST_CASE("delivery: a message with the caller's prefix is stored in pieces, as one content") {
  DeliverFixture f;
  f.run_db([](store::Db& db) { store::accounts::add(db, "bob@example.test", "x"); });
  std::string body = "Subject: big\r\n\r\n" + std::string(300 * 1024, 'x') + "\r\n";
  delivery::Message message{"Received: from a by b; now\r\n", body};
  std::optional<delivery::Delivered> out;
  asio::co_spawn(f.io, f.deliverer->deliver(delivery::Envelope{"s@remote.test", {"bob@example.test"}, {}, {}}, message),
                 [&](std::exception_ptr e, delivery::Delivered d) {
                   REQUIRE_FALSE(e);
                   out = std::move(d);
                 });
  f.io.restart();
  f.io.run();
  REQUIRE(out);
  CHECK(out->local == 1);
  auto bob = f.inbox("bob@example.test");
  REQUIRE(bob.size() == 1);
  const std::string return_path = "Return-Path: <s@remote.test>\r\n";
  CHECK(bob[0] == return_path + message.prefix + body);
  f.run_db([&](store::Db& db) {  // the header size counts both prefixes
    auto acc = store::accounts::find(db, "bob@example.test");
    auto m = store::messages::list(db, store::mailboxes::inbox_id(db, acc->id));
    auto meta = store::contents::meta(db, m[0].content_id);
    CHECK(meta->header_size == static_cast<std::int64_t>(return_path.size() + message.prefix.size() + 16));
    CHECK(meta->envelope.find("\"big\"") != std::string::npos);
    CHECK(m[0].size == static_cast<std::int64_t>(bob[0].size()));
  });
}

TEST_CASE("delivery: remote recipients are queued as one entry, null sender kept") {
  DeliverFixture f;
  f.run_db([](store::Db& db) {
    store::accounts::add(db, "bob@example.test", "x");
    store::aliases::add(db, "fwd@example.test", {"bob@example.test", "far@remote.test", "other@remote.test"});
  });
  auto d = f.deliver("", {"fwd@example.test"}, "Subject: bounce\r\n\r\nx\r\n");
  CHECK(d.local == 1);
  CHECK(d.remote == 2);
  CHECK(f.inbox("bob@example.test")[0].rfind("Return-Path: <>\r\n", 0) == 0);
  f.run_db([](store::Db& db) {
    auto q = store::queue::list(db);
    REQUIRE(q.size() == 1);
    CHECK(q[0].sender == "");
    CHECK(q[0].recipients.size() == 2);
    CHECK(store::contents::read(db, q[0].content_id) == "Subject: bounce\r\n\r\nx\r\n");
  });
}

TEST_CASE("delivery: a 200-member list post is stored once, with list fields and bounce sender") {
  DeliverFixture f;
  f.run_db([](store::Db& db) {
    store::lists::create(db, "big@example.test", false);
    for (int i = 0; i < 200; ++i) {
      auto a = "m" + std::to_string(i) + "@example.test";
      store::accounts::add(db, a, "x");
      store::lists::add_member(db, "big@example.test", a);
    }
    store::lists::add_member(db, "big@example.test", "far@remote.test");
  });
  auto d = f.deliver("m0@example.test", {"big@example.test"}, "Subject: all\r\n\r\nhello all\r\n");
  CHECK(d.local == 200);
  CHECK(d.remote == 1);
  CHECK(f.contents() == 2);  // one for the 200 mailboxes, one for the queue
  auto got = f.inbox("m123@example.test");
  REQUIRE(got.size() == 1);
  CHECK(got[0].rfind("Return-Path: <big-bounces@example.test>\r\nList-Id: <big.example.test>\r\n", 0) == 0);
  CHECK(got[0].find("List-Post: <mailto:big@example.test>\r\n") != std::string::npos);
  CHECK(got[0].find("List-Unsubscribe: ") != std::string::npos);
  f.run_db([](store::Db& db) {
    auto q = store::queue::list(db);
    REQUIRE(q.size() == 1);
    CHECK(q[0].sender == "big-bounces@example.test");
    auto data = store::contents::read(db, q[0].content_id);
    CHECK(data.rfind("List-Id: <big.example.test>\r\n", 0) == 0);
    CHECK(data.find("Return-Path") == std::string::npos);
  });
}

TEST_CASE("delivery: a direct recipient who is also a list member gets one copy") {
  DeliverFixture f;
  f.run_db([](store::Db& db) {
    store::accounts::add(db, "bob@example.test", "x");
    store::accounts::add(db, "alice@example.test", "x");
    store::lists::create(db, "l@example.test", false);
    store::lists::add_member(db, "l@example.test", "bob@example.test");
    store::lists::add_member(db, "l@example.test", "alice@example.test");
  });
  auto d = f.deliver("x@remote.test", {"bob@example.test", "l@example.test"}, "\r\nbody\r\n");
  CHECK(d.local == 2);
  CHECK(f.inbox("bob@example.test").size() == 1);
  CHECK(f.inbox("bob@example.test")[0].find("List-Id") == std::string::npos);
  CHECK(f.inbox("alice@example.test")[0].find("List-Id") != std::string::npos);
}

TEST_CASE("delivery: recipients that no longer resolve are reported, the rest delivered") {
  DeliverFixture f;
  f.run_db([](store::Db& db) { store::accounts::add(db, "bob@example.test", "x"); });
  auto d = f.deliver("x@remote.test", {"gone@example.test", "bob@example.test"}, "\r\nx\r\n");
  CHECK(d.local == 1);
  REQUIRE(d.failed.size() == 1);
  CHECK(d.failed[0].recipient == "gone@example.test");
  CHECK(d.failed[0].status == "5.1.1");
}

TEST_CASE("delivery: a full mailbox gets no copy and is reported with 5.2.2, one under its quota may go over") {
  DeliverFixture f;
  f.run_db([](store::Db& db) {
    store::accounts::add(db, "bob@example.test", "x");
    store::accounts::add(db, "alice@example.test", "x");
    store::lists::create(db, "l@example.test", false);
    store::lists::add_member(db, "l@example.test", "bob@example.test");
    store::lists::add_member(db, "l@example.test", "alice@example.test");
    store::quotas::set_account_limit(db, "bob@example.test", store::QuotaResource::storage, 100);
  });
  // Under the limit, a message that takes bob over it is still taken (the soft limit).
  auto first = f.deliver("x@remote.test", {"l@example.test"}, "Subject: 1\r\n\r\n" + std::string(200, 'x') + "\r\n");
  CHECK(first.local == 2);
  CHECK(first.failed.empty());
  // Now bob is full: the list post goes to alice only, and bob is reported.
  auto second = f.deliver("x@remote.test", {"l@example.test"}, "Subject: 2\r\n\r\nx\r\n");
  CHECK(second.local == 1);
  REQUIRE(second.failed.size() == 1);
  CHECK(second.failed[0].recipient == "bob@example.test");
  CHECK(second.failed[0].status == "5.2.2");
  CHECK_FALSE(second.all_full());
  CHECK(f.inbox("bob@example.test").size() == 1);
  CHECK(f.inbox("alice@example.test").size() == 2);
  // Bob alone: nothing stored, no content left behind, and every failure is a full mailbox.
  auto contents = f.contents();
  auto third = f.deliver("x@remote.test", {"bob@example.test"}, "Subject: 3\r\n\r\nx\r\n");
  CHECK(third.local == 0);
  CHECK(third.all_full());
  CHECK(f.contents() == contents);
}
