#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/steady_timer.hpp>

#include <filesystem>
#include <random>

#include "carteiro/delivery/deliver.hpp"
#include "carteiro/queue/runner.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/queue.hpp"
#include "queue_fake_smtp_server.hpp"

using namespace carteiro;
using queue_test::FakeServer;

namespace {

// A store in a fresh directory with local.test and alice@local.test, the runner, and a
// fake remote server at 127.0.0.1 (recipients are written as user@[127.0.0.1], so no
// DNS is involved).
struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  Config config;
  asio::io_context io;

  Fixture() {
    dir = std::filesystem::temp_directory_path() / ("carteiro-queue-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    store::StoreOptions options;
    options.file = dir / "carteiro.db";
    options.synchronous = "normal";
    store = std::make_unique<store::Store>(options);
    config.hostname = "mail.local.test";
    config.dns.servers = {"127.0.0.1@9"};  // never asked: address literals only
    config.queue.allow_private_destinations = true;  // the fake servers are on loopback
    config.queue.retry_interval_s = 1;
    config.queue.max_age_s = 600;
    config.queue.delay_warning_s = 0;
    store::Db db(options.file);
    store::domains::add(db, "local.test");
    store::accounts::add(db, "alice@local.test", "x");
  }
  ~Fixture() {
    store->close();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  std::int64_t enqueue(std::string sender, std::vector<std::string> recipients,
                       std::string data = "From: alice@local.test\r\nSubject: hello\r\n\r\nbody\r\n") {
    store::Db db(dir / "carteiro.db");
    store::Transaction tx(db);
    auto content = store::contents::insert(db, data, store::ContentMeta{});
    auto id = store::queue::enqueue(db, content, sender, recipients);
    tx.commit();
    return id;
  }

  std::int64_t queue_size() {
    store::Db db(dir / "carteiro.db");
    return static_cast<std::int64_t>(store::queue::list(db).size());
  }

  std::vector<std::string> inbox(const std::string& address) {
    store::Db db(dir / "carteiro.db");
    auto account = store::accounts::find(db, address);
    std::vector<std::string> out;
    for (auto& m : store::messages::list(db, store::mailboxes::inbox_id(db, account->id)))
      out.push_back(store::contents::read(db, m.content_id));
    return out;
  }

  // Runs the runner until DONE says so (checked every 50 ms) or TIMEOUT; then stops it.
  bool run_until(std::function<bool()> done, std::chrono::seconds timeout = std::chrono::seconds(20),
                 std::function<void()> on_start = {}) {
    delivery::Deliverer deliverer(*store, config.hostname);
    queue::QueueRunner runner(config, *store, deliverer, io);
    runner.start();
    if (on_start) on_start();
    bool reached = false;
    auto watch = [&]() -> asio::awaitable<void> {
      asio::steady_timer timer(io);
      auto deadline = std::chrono::steady_clock::now() + timeout;
      while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
          reached = true;
          break;
        }
        timer.expires_after(std::chrono::milliseconds(50));
        co_await timer.async_wait(asio::use_awaitable);
      }
      co_await runner.stop();
      io.stop();
    };
    asio::co_spawn(io, watch(), asio::detached);
    io.run();
    io.restart();
    return reached;
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("queue runner: delivers to the remote server and removes the entry") {
  Fixture f;
  FakeServer server(f.io);
  f.config.queue.remote_port = server.port();
  asio::co_spawn(f.io, server.serve(), asio::detached);
  f.enqueue("alice@local.test", {"bob@[127.0.0.1]", "carol@[127.0.0.1]"});
  f.enqueue("alice@local.test", {"dave@[127.0.0.1]"});
  CHECK(f.run_until([&] { return server.messages.size() == 2 && f.queue_size() == 0; }));
  CHECK(server.connections == 1);  // both messages over one connection
  CHECK(f.inbox("alice@local.test").empty());
}

TEST_CASE("queue runner: a 5xx bounces once to the sender with the reply and the header") {
  Fixture f;
  FakeServer server(f.io);
  server.rcpt = [](const std::string& line) {
    return contains(line, "nobody") ? "550 5.1.1 <nobody@[127.0.0.1]>: no such user\r\n" : "250 2.1.5 ok\r\n";
  };
  f.config.queue.remote_port = server.port();
  asio::co_spawn(f.io, server.serve(), asio::detached);
  f.enqueue("alice@local.test", {"bob@[127.0.0.1]", "nobody@[127.0.0.1]"});
  CHECK(f.run_until([&] { return f.queue_size() == 0; }));
  REQUIRE(server.messages.size() == 1);
  auto inbox = f.inbox("alice@local.test");
  REQUIRE(inbox.size() == 1);
  CHECK(contains(inbox[0], "Content-Type: multipart/report; report-type=delivery-status;"));
  CHECK(contains(inbox[0], "Final-Recipient: rfc822; nobody@[127.0.0.1]\r\nAction: failed\r\nStatus: 5.1.1\r\n"));
  CHECK(contains(inbox[0], "Diagnostic-Code: smtp; 550 5.1.1 <nobody@[127.0.0.1]>: no such user\r\n"));
  CHECK(contains(inbox[0], "Subject: hello\r\n"));
  CHECK(!contains(inbox[0], "bob@"));
}

TEST_CASE("queue runner: the null sender is never bounced") {
  Fixture f;
  FakeServer server(f.io);
  server.rcpt = [](const std::string&) { return "550 5.1.1 no such user\r\n"; };
  f.config.queue.remote_port = server.port();
  asio::co_spawn(f.io, server.serve(), asio::detached);
  f.enqueue("", {"nobody@[127.0.0.1]"});
  CHECK(f.run_until([&] { return f.queue_size() == 0; }));
  CHECK(f.inbox("alice@local.test").empty());
}

TEST_CASE("queue runner: remote down, retried on schedule, delivered when it is up") {
  Fixture f;
  std::uint16_t port;
  {
    asio::ip::tcp::acceptor probe(f.io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  f.config.queue.remote_port = port;
  auto id = f.enqueue("alice@local.test", {"bob@[127.0.0.1]"});
  // First run: nothing listens. The entry stays, with the reason and a later attempt.
  CHECK(f.run_until([&] {
    store::Db db(f.dir / "carteiro.db");
    auto e = store::queue::find(db, id);
    return e && e->attempts >= 2;
  }));
  {
    store::Db db(f.dir / "carteiro.db");
    auto e = store::queue::find(db, id);
    REQUIRE(e);
    CHECK(e->recipients[0].status == "pending");
    CHECK(contains(e->last_error, "connect to"));
  }
  FakeServer server(f.io, port);
  asio::co_spawn(f.io, server.serve(), asio::detached);
  CHECK(f.run_until([&] { return f.queue_size() == 0; }));
  CHECK(server.messages.size() == 1);
  CHECK(f.inbox("alice@local.test").empty());
}

TEST_CASE("queue runner: temporary failures past max age bounce with the last error") {
  Fixture f;
  std::uint16_t port;
  {
    asio::ip::tcp::acceptor probe(f.io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  f.config.queue.remote_port = port;
  f.config.queue.max_age_s = 2;
  f.enqueue("alice@local.test", {"bob@[127.0.0.1]"});
  CHECK(f.run_until([&] { return f.queue_size() == 0; }));
  auto inbox = f.inbox("alice@local.test");
  REQUIRE(inbox.size() == 1);
  CHECK(contains(inbox[0], "Action: failed\r\nStatus: 4.4.1\r\n"));
  CHECK(contains(inbox[0], "Connection refused"));
}

TEST_CASE("queue runner: delay warning once, then delivery") {
  Fixture f;
  std::uint16_t port;
  {
    asio::ip::tcp::acceptor probe(f.io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  f.config.queue.remote_port = port;
  f.config.queue.delay_warning_s = 1;
  auto id = f.enqueue("alice@local.test", {"bob@[127.0.0.1]"});
  CHECK(f.run_until([&] {
    store::Db db(f.dir / "carteiro.db");
    auto e = store::queue::find(db, id);
    return e && e->warned && e->attempts >= 3;
  }));
  auto inbox = f.inbox("alice@local.test");
  REQUIRE(inbox.size() == 1);
  CHECK(contains(inbox[0], "Action: delayed\r\n"));
  CHECK(contains(inbox[0], "Will-Retry-Until: "));
}
