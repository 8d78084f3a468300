// The outbound client sends DATA piece by piece: whatever sizes the pieces come in, the
// server receives the message exactly as dot_stuff() would send it whole.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include <functional>

#include "carteiro/common/strings.hpp"
#include "carteiro/queue/message_data.hpp"
#include "carteiro/queue/smtp_client.hpp"
#include "queue_fake_smtp_server.hpp"

using namespace carteiro::queue;
using queue_test::FakeServer;

namespace {

// A message handed out in pieces of at most PIECE octets; after GONE_AFTER octets it
// "disappears" (deleted from the queue meanwhile).
class PiecewiseContent final : public MessageContent {
 public:
  PiecewiseContent(std::string data, std::size_t piece, std::int64_t gone_after = -1)
      : data_(std::move(data)), piece_(piece), gone_after_(gone_after) {}
  std::int64_t size() const override { return static_cast<std::int64_t>(data_.size()); }
  bool eight_bit() const override { return carteiro::has_eight_bit(data_); }
  asio::awaitable<std::optional<std::string>> read(std::int64_t offset, std::size_t max) const override {
    ++reads;
    if (gone_after_ >= 0 && offset >= gone_after_) co_return std::nullopt;
    co_return data_.substr(static_cast<std::size_t>(offset), std::min(max, piece_));
  }
  mutable int reads = 0;

 private:
  std::string data_;
  std::size_t piece_;
  std::int64_t gone_after_;
};

// Sends MESSAGE through a fresh client to SERVER; the verdicts.
std::vector<Verdict> send_through(FakeServer& server, asio::io_context& io, const OutboundMessage& message) {
  asio::co_spawn(io, server.serve(), asio::detached);
  std::vector<Verdict> verdicts;
  auto task = [&]() -> asio::awaitable<void> {
    ClientOptions options;
    options.helo_name = "mail.local.test";
    options.port = server.port();
    SmtpClient client(io.get_executor(), options);
    Route route;
    route.hosts.push_back(Host{"fake.test", {asio::ip::make_address("127.0.0.1")}});
    auto failure = co_await client.open(route);
    REQUIRE(!failure);
    verdicts = co_await client.send(message);
    co_await client.quit();
    io.stop();
  };
  asio::co_spawn(io, task(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run_for(std::chrono::seconds(60));
  return verdicts;
}

// What the fake server records: the stuffed message without the final ".".
std::string as_received(std::string_view data) {
  auto wire = dot_stuff(data);
  return wire.substr(0, wire.size() - 3);
}

// Lines that start with ".", CRLFs, bare CRs and LFs, 8-bit octets, many times over.
std::string awkward_message(std::size_t repeats) {
  std::string body = "From: a@local.test\r\nSubject: pieces\r\n\r\n";
  for (std::size_t i = 0; i < repeats; ++i) {
    body += ".leading dot\r\n..two\r\nbare lf\n.after lf\nbare cr\r.after cr\r\n\xc3\xa9t\xc3\xa9\r\n";
    body += std::string(i % 97, 'x') + "\r\n.\r\n";
  }
  return body + "no final line end";
}

}  // namespace

TEST_CASE("queue smtp client: a message in pieces of 1, 2, 3 and 7 octets arrives as dot_stuff() sends it") {
  const auto data = awkward_message(20);
  for (std::size_t piece : {1, 2, 3, 7}) {
    CAPTURE(piece);
    asio::io_context io;
    FakeServer server(io);
    auto content = std::make_shared<PiecewiseContent>(data, piece);
    auto verdicts = send_through(server, io, OutboundMessage{"alice@local.test", {"bob@remote.test"}, content});
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts[0].kind == Verdict::Kind::delivered);
    REQUIRE(server.messages.size() == 1);
    CHECK(server.messages[0] == as_received(data));
    CHECK(server.commands[1] == "MAIL FROM:<alice@local.test> SIZE=" + std::to_string(data.size()) + " BODY=8BITMIME");
  }
}

TEST_CASE("queue smtp client: a multi-megabyte message arrives byte-identical, read in bounded pieces") {
  const auto data = awkward_message(40000);  // about 4 MB
  REQUIRE(data.size() > 3 * 1024 * 1024);
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 100000000\r\n250 8BITMIME\r\n";
  auto content = std::make_shared<PiecewiseContent>(data, std::size_t(1) << 30);
  auto verdicts = send_through(server, io, OutboundMessage{"alice@local.test", {"bob@remote.test"}, content});
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].kind == Verdict::Kind::delivered);
  REQUIRE(server.messages.size() == 1);
  CHECK(server.messages[0] == as_received(data));
  // Read in pieces of at most 256 KiB: never asked for the whole message at once.
  CHECK(content->reads > static_cast<int>(data.size() / (256 * 1024)));
}

TEST_CASE("queue smtp client: a message gone in the middle of DATA is never ended with \".\"") {
  const auto data = awkward_message(20000);
  asio::io_context io;
  FakeServer server(io);
  server.ehlo = "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 100000000\r\n250 8BITMIME\r\n";
  auto content = std::make_shared<PiecewiseContent>(data, 300 * 1024, 600 * 1024);
  auto verdicts = send_through(server, io, OutboundMessage{"alice@local.test", {"bob@remote.test"}, content});
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].kind == Verdict::Kind::temporary);
  CHECK(verdicts[0].status == "4.3.0");
  CHECK(server.messages.empty());
}
