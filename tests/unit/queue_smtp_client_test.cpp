#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <algorithm>
#include <functional>

#include "carteiro/net/tls.hpp"
#include "carteiro/queue/smtp_client.hpp"
#include "queue_fake_smtp_server.hpp"

using namespace carteiro::queue;
using asio::ip::tcp;
using queue_test::FakeServer;

namespace {

Route loopback_route() {
  Route route;
  route.hosts.push_back(Host{"fake.test", {asio::ip::make_address("127.0.0.1")}});
  return route;
}

ClientOptions options_for(std::uint16_t port) {
  ClientOptions options;
  options.helo_name = "mail.local.test";
  options.port = port;
  return options;
}

// Runs BODY as a client coroutine against SERVER until it finishes.
void run_client(asio::io_context& io, FakeServer& server, std::function<asio::awaitable<void>(SmtpClient&)> body,
                asio::ssl::context* tls = nullptr, std::function<void(ClientOptions&)> configure = {}) {
  asio::co_spawn(io, server.serve(), asio::detached);
  bool finished = false;
  auto client_task = [&]() -> asio::awaitable<void> {
    auto options = options_for(server.port());
    options.tls = tls;
    if (configure) configure(options);
    SmtpClient client(io.get_executor(), options);
    co_await body(client);
    finished = true;
    io.stop();
  };
  asio::co_spawn(io, client_task(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run_for(std::chrono::seconds(20));
  CHECK(finished);
}

OutboundMessage message_to(std::vector<std::string> recipients, std::string data = "Subject: t\r\n\r\n.dot\r\nbody\r\n") {
  return OutboundMessage{"alice@local.test", std::move(recipients), in_memory(std::move(data))};
}

}  // namespace

TEST_CASE("queue smtp client: pipelined transaction, one recipient refused") {
  asio::io_context io;
  FakeServer server(io);
  server.rcpt = [](const std::string& line) {
    return line.find("nobody") != std::string::npos ? "550 5.1.1 no such user\r\n" : "250 2.1.5 ok\r\n";
  };
  std::vector<Verdict> verdicts;
  run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> {
    auto failure = co_await client.open(loopback_route());
    REQUIRE(!failure);
    CHECK(client.extensions().pipelining);
    auto message = message_to({"bob@remote.test", "nobody@remote.test"});
    verdicts = co_await client.send(message);
    co_await client.quit();
  });
  REQUIRE(verdicts.size() == 2);
  CHECK(verdicts[0].kind == Verdict::Kind::delivered);
  CHECK(verdicts[0].text == "250 2.0.0 queued");
  CHECK(verdicts[1].kind == Verdict::Kind::permanent);
  CHECK(verdicts[1].status == "5.1.1");
  CHECK(verdicts[1].remote == "fake.test[127.0.0.1]");
  CHECK(verdicts[1].describe() == "host fake.test[127.0.0.1] said: 550 5.1.1 no such user (in reply to RCPT TO)");
  REQUIRE(server.commands.size() >= 5);
  CHECK(server.commands[0] == "EHLO mail.local.test");
  CHECK(server.commands[1] == "MAIL FROM:<alice@local.test> SIZE=26");
  CHECK(server.commands[2] == "RCPT TO:<bob@remote.test>");
  CHECK(server.commands[4] == "DATA");
  REQUIRE(server.messages.size() == 1);
  CHECK(server.messages[0] == "Subject: t\r\n\r\n..dot\r\nbody\r\n");
}

TEST_CASE("queue smtp client: HELO fallback, no pipelining, two messages on one connection") {
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "502 5.5.1 EHLO not implemented\r\n";
  std::vector<Verdict> first, second;
  run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> {
    auto failure = co_await client.open(loopback_route());
    REQUIRE(!failure);
    auto one = message_to({"bob@remote.test"});
    first = co_await client.send(one);
    CHECK(client.usable());
    auto two = message_to({"carol@remote.test"}, std::string("8bit \xc3\xa9\r\n"));
    second = co_await client.send(two);
    co_await client.quit();
  });
  CHECK(server.connections == 1);
  REQUIRE(first.size() == 1);
  CHECK(first[0].kind == Verdict::Kind::delivered);
  REQUIRE(second.size() == 1);
  CHECK(second[0].kind == Verdict::Kind::delivered);
  CHECK(server.commands[1] == "HELO mail.local.test");
  CHECK(server.commands[2] == "MAIL FROM:<alice@local.test>");  // no SIZE, no BODY without EHLO
  CHECK(server.messages.size() == 2);
  CHECK(server.commands.back() == "QUIT");
}

TEST_CASE("queue smtp client: MT-PRIORITY only to a server that offers it, and only when not 0") {
  for (bool offered : {true, false}) {
    asio::io_context io;
    FakeServer server(io);
    if (offered) server.ehlo = "250-fake.test\r\n250 MT-PRIORITY MIXER\r\n";
    else server.ehlo = "250-fake.test\r\n250 8BITMIME\r\n";
    run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> {
      auto failure = co_await client.open(loopback_route());
      REQUIRE(!failure);
      auto urgent = message_to({"bob@remote.test"});
      urgent.priority = 4;
      co_await client.send(urgent);
      auto normal = message_to({"bob@remote.test"});
      co_await client.send(normal);
      co_await client.quit();
    });
    std::vector<std::string> mails;
    for (auto& c : server.commands)
      if (c.rfind("MAIL ", 0) == 0) mails.push_back(c);
    REQUIRE(mails.size() == 2);
    CHECK(mails[0] == (offered ? "MAIL FROM:<alice@local.test> MT-PRIORITY=4" : "MAIL FROM:<alice@local.test>"));
    CHECK(mails[1] == "MAIL FROM:<alice@local.test>");
  }
}

TEST_CASE("queue smtp client: temporary and permanent replies") {
  asio::io_context io;
  FakeServer server(io);
  server.end_of_data = "451 4.3.0 try again later\r\n";
  server.ehlo = "250-fake.test\r\n250 SIZE 10\r\n";
  std::vector<Verdict> deferred, too_big;
  run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> {
    auto failure = co_await client.open(loopback_route());
    REQUIRE(!failure);
    auto small = message_to({"bob@remote.test"}, "tiny\r\n");
    deferred = co_await client.send(small);
    auto big = message_to({"bob@remote.test"}, std::string(100, 'x'));
    too_big = co_await client.send(big);
    co_await client.quit();
  });
  REQUIRE(deferred.size() == 1);
  CHECK(deferred[0].kind == Verdict::Kind::temporary);
  CHECK(deferred[0].status == "4.3.0");
  REQUIRE(too_big.size() == 1);
  CHECK(too_big[0].kind == Verdict::Kind::permanent);
  CHECK(too_big[0].status == "5.3.4");
}

TEST_CASE("queue smtp client: MAIL refused, every recipient gets that reply, session stays usable") {
  asio::io_context io;
  FakeServer server(io);
  server.mail = "553 5.7.1 sender refused\r\n";
  std::vector<Verdict> verdicts;
  bool usable = false;
  run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> {
    auto failure = co_await client.open(loopback_route());
    REQUIRE(!failure);
    auto message = message_to({"a@remote.test", "b@remote.test"});
    verdicts = co_await client.send(message);
    usable = client.usable();
    co_await client.quit();
  });
  REQUIRE(verdicts.size() == 2);
  CHECK(verdicts[0].kind == Verdict::Kind::permanent);
  CHECK(verdicts[1].stage == "MAIL FROM");
  CHECK(usable);
  CHECK(server.messages.empty());
}

TEST_CASE("queue smtp client: greeting refusal and malformed replies") {
  {
    asio::io_context io;
    FakeServer server(io);
    server.greeting = "554 5.7.1 go away\r\n";
    std::optional<Verdict> failure;
    run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> { failure = co_await client.open(loopback_route()); });
    REQUIRE(failure);
    CHECK(failure->kind == Verdict::Kind::permanent);
    CHECK(failure->text == "554 5.7.1 go away");
  }
  {
    asio::io_context io;
    FakeServer server(io);
    server.ehlo = "250-fake.test\r\nxyz garbage\r\n";
    std::optional<Verdict> failure;
    run_client(io, server, [&](SmtpClient& client) -> asio::awaitable<void> { failure = co_await client.open(loopback_route()); });
    REQUIRE(failure);
    CHECK(failure->kind == Verdict::Kind::temporary);
    CHECK(failure->text.find("malformed reply") != std::string::npos);
  }
}

TEST_CASE("queue smtp client: connection refused is temporary") {
  asio::io_context io;
  std::uint16_t closed_port;
  {
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = probe.local_endpoint().port();
  }
  std::optional<Verdict> failure;
  auto task = [&]() -> asio::awaitable<void> {
    SmtpClient client(io.get_executor(), options_for(closed_port));
    failure = co_await client.open(loopback_route());
  };
  asio::co_spawn(io, task(), asio::detached);
  io.run_for(std::chrono::seconds(10));
  REQUIRE(failure);
  CHECK(failure->kind == Verdict::Kind::temporary);
  CHECK(failure->status == "4.4.1");
}

TEST_CASE("queue smtp client: a failed STARTTLS handshake falls back to plaintext (opportunistic TLS)") {
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "250-fake.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n";
  auto tls = carteiro::net::make_client_tls();
  std::vector<Verdict> verdicts;
  run_client(
      io, server,
      [&](SmtpClient& client) -> asio::awaitable<void> {
        auto failure = co_await client.open(loopback_route());
        REQUIRE(!failure);
        CHECK(!client.is_tls());
        auto message = message_to({"bob@remote.test"});
        verdicts = co_await client.send(message);
        co_await client.quit();
      },
      tls.get());
  CHECK(server.connections == 2);
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].kind == Verdict::Kind::delivered);
  CHECK(std::count(server.commands.begin(), server.commands.end(), "STARTTLS") == 1);
}

TEST_CASE("queue smtp client: relay credentials never go over a plain connection") {
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n";
  std::optional<Verdict> failure;
  run_client(
      io, server,
      [&](SmtpClient& client) -> asio::awaitable<void> {
        failure = co_await client.open(loopback_route());
        co_await client.quit();
      },
      nullptr,
      [](ClientOptions& options) {
        options.username = "alice@local.test";
        options.password = "relay-secret";
      });
  REQUIRE(failure);
  CHECK(failure->kind == Verdict::Kind::temporary);
  CHECK(failure->status == "4.7.0");
  CHECK(failure->text.find("not sending the [relay] credentials") != std::string::npos);
  for (const auto& command : server.commands) CHECK(command.rfind("AUTH", 0) == std::string::npos);
}

TEST_CASE("queue smtp client: a verified relay's failed handshake is a failure, not a plaintext fallback") {
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "250-fake.test\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n";
  auto tls = carteiro::net::make_verifying_client_tls("");
  std::optional<Verdict> failure;
  run_client(
      io, server,
      [&](SmtpClient& client) -> asio::awaitable<void> {
        failure = co_await client.open(loopback_route());
        co_await client.quit();
      },
      tls.get(),
      [](ClientOptions& options) {
        options.verify_peer = true;
        options.username = "alice@local.test";
        options.password = "relay-secret";
      });
  REQUIRE(failure);
  CHECK(failure->kind == Verdict::Kind::temporary);
  CHECK(failure->status == "4.7.5");
  CHECK(server.connections == 1);
  for (const auto& command : server.commands) CHECK(command.rfind("AUTH", 0) == std::string::npos);
}
