// Connection over real loopback sockets: lines, limits, timeouts, wake, shutdown, STARTTLS.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/streambuf.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "carteiro/net/connection.hpp"
#include "carteiro/net/server.hpp"

using namespace carteiro::net;
using asio::ip::tcp;

namespace {

// A connected pair on loopback: the server side wrapped in a Connection.
struct Pair {
  asio::io_context io;
  tcp::socket client{io};
  std::shared_ptr<Connection> server;
  explicit Pair(ConnectionOptions options = {}) {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client.connect(acceptor.local_endpoint());
    tcp::socket accepted = acceptor.accept();
    ConnectionInfo info;
    info.id = "t1";
    info.peer = accepted.remote_endpoint().address();
    server = std::make_shared<Connection>(Stream(std::move(accepted)), info, options);
  }
  void send(std::string_view s) { asio::write(client, asio::buffer(s.data(), s.size())); }
  std::string receive_line() {
    asio::streambuf buf;
    asio::read_until(client, buf, "\n");
    std::string s(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    return s;
  }
  template <typename F>
  void run(F coroutine) {
    asio::co_spawn(io, coroutine(), asio::detached);
    io.run();
    io.restart();
  }
};

}  // namespace

TEST_CASE("connection: lines, limit and the peer is loopback") {
  Pair p;
  CHECK(p.server->info().loopback());
  CHECK(p.server->plaintext_auth_allowed());
  p.send("HELO x\r\n" + std::string(3000, 'a') + "\r\nQUIT\n");
  std::vector<Line> lines;
  p.run([&]() -> asio::awaitable<void> {
    for (int i = 0; i < 3; ++i) {
      Line l;
      REQUIRE(co_await p.server->read_line(l, 1000) == ReadStatus::ok);
      lines.push_back(l);
    }
    co_await p.server->write("250 ok\r\n");
  });
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].text == "HELO x");
  CHECK(lines[1].too_long);
  CHECK(lines[2].text == "QUIT");
  CHECK_FALSE(lines[2].crlf);
  CHECK(p.receive_line() == "250 ok\r\n");
}

TEST_CASE("connection: idle timeout, closed peer") {
  ConnectionOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  Pair p(options);
  ReadStatus status = ReadStatus::ok;
  auto t0 = std::chrono::steady_clock::now();
  p.run([&]() -> asio::awaitable<void> {
    Line l;
    status = co_await p.server->read_line(l, 100);
  });
  CHECK(status == ReadStatus::timeout);
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(900));
  p.client.close();
  p.run([&]() -> asio::awaitable<void> {
    Line l;
    status = co_await p.server->read_line(l, 100);
  });
  CHECK(status == ReadStatus::closed);
}

TEST_CASE("connection: wake interrupts only a wakeable read, shutdown any read") {
  Pair p;
  ReadStatus first = ReadStatus::ok, second = ReadStatus::ok;
  Line line;
  p.run([&]() -> asio::awaitable<void> {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
    auto conn = p.server;
    std::thread waker([conn] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      conn->wake();  // from another thread, as the store's writer does
    });
    first = co_await p.server->read_line(line, 100, true);
    waker.join();
    // A wake for a read that does not want it: the read goes on and gets the line.
    p.server->wake();
    p.send("DONE\r\n");
    second = co_await p.server->read_line(line, 100, false);
  });
  CHECK(first == ReadStatus::woken);
  CHECK(second == ReadStatus::ok);
  CHECK(line.text == "DONE");
  ReadStatus third = ReadStatus::ok;
  p.run([&]() -> asio::awaitable<void> {
    auto conn = p.server;
    std::thread stopper([conn] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      conn->request_shutdown();
    });
    Line l;
    third = co_await p.server->read_line(l, 100);
    stopper.join();
  });
  CHECK(third == ReadStatus::shutdown);
  CHECK(p.server->shutting_down());
}

// A wake (another session's commit, from the store's writer thread) that lands while the
// client's bytes arrive must not cost those bytes. As in carteirod, the connection lives on
// a strand of an io_context run by two threads: the read may complete on one thread while
// the woken timer's completion waits in the strand, and the read that lost the race must
// still keep what it received.
TEST_CASE("connection: wakes racing with arriving lines lose no byte") {
  asio::io_context io;
  auto strand = asio::make_strand(io);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  ConnectionOptions options;
  options.idle_timeout = std::chrono::seconds(5);  // a lost line shows as a timeout
  ConnectionInfo info;
  info.id = "t1";
  auto conn = std::make_shared<Connection>(Stream(acceptor.accept(strand)), info, options);
  constexpr int kLines = 2000;
  std::vector<std::string> got;
  ReadStatus status = ReadStatus::ok;
  std::atomic<bool> reading{true};
  auto reader = [&]() -> asio::awaitable<void> {
    for (int i = 0; i < kLines; ++i) {
      Line l;
      status = co_await conn->read_line(l, 100, false);
      if (status != ReadStatus::ok) break;
      got.push_back(l.text);
    }
    reading = false;
  };
  asio::co_spawn(strand, reader(), asio::detached);
  std::thread waker([&] {
    // Bounded, so that a lost line ends in the idle timeout instead of a wait forever.
    auto stop = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (reading && std::chrono::steady_clock::now() < stop) {
      conn->wake();
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  });
  std::thread sender([&] {
    for (int i = 0; i < kLines && reading; ++i) {
      auto text = "line " + std::to_string(i) + "\r\n";
      asio::write(client, asio::buffer(text));
      std::this_thread::sleep_for(std::chrono::microseconds(50));  // mostly one read per line
    }
  });
  std::thread second_runner([&] { io.run(); });
  io.run();
  second_runner.join();
  waker.join();
  sender.join();
  CHECK(status == ReadStatus::ok);
  REQUIRE(got.size() == kLines);  // NOLINT
  for (int i = 0; i < kLines; ++i) CHECK(got[i] == "line " + std::to_string(i));
}

TEST_CASE("connection: STARTTLS discards what was sent before the handshake") {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("carteiro-tls-" + std::to_string(rd()));
  auto [cert, key] = ensure_self_signed(dir, "mail.test");
  auto client_tls = make_client_tls();
  ConnectionOptions options;
  options.tls = std::make_shared<TlsCertificate>(cert, key, carteiro::TlsPolicy::intermediate);
  Pair p(options);
  // The client pipelines a command behind STARTTLS in the same packet (CVE-2011-0411).
  p.send("STARTTLS\r\nINJECTED\r\n");
  Line after;
  bool upgraded = false;
  std::string client_read;
  p.run([&]() -> asio::awaitable<void> {
    Line l;
    REQUIRE(co_await p.server->read_line(l, 100) == ReadStatus::ok);
    CHECK(l.text == "STARTTLS");
    co_await p.server->write("220 go ahead\r\n");
    auto client_side = [&]() -> asio::awaitable<void> {
      Stream s(std::move(p.client));
      char buf[64];
      auto [ec, n] = co_await s.read_some(asio::buffer(buf));
      client_read.assign(buf, n);
      const std::string server_name = "mail.test", no_verification;
      co_await s.handshake_client(*client_tls, server_name, no_verification);
      co_await s.write_all("AFTER\r\n");
      auto [ec2, n2] = co_await s.read_some(asio::buffer(buf));
      (void)ec;
      (void)ec2;
      (void)n2;
    };
    asio::co_spawn(co_await asio::this_coro::executor, client_side(), asio::detached);
    upgraded = co_await p.server->start_tls();
    REQUIRE(co_await p.server->read_line(after, 100) == ReadStatus::ok);
    co_await p.server->write("250 ok\r\n");
  });
  CHECK(client_read == "220 go ahead\r\n");
  CHECK(upgraded);
  CHECK(p.server->is_tls());
  CHECK(after.text == "AFTER");  // not "INJECTED"
  std::filesystem::remove_all(dir);
}

TEST_CASE("connection limits: global and per address") {
  ConnectionLimits limits(3, 2);
  auto a = asio::ip::make_address("192.0.2.1");
  auto b = asio::ip::make_address("192.0.2.2");
  CHECK(limits.try_acquire(a));
  CHECK(limits.try_acquire(a));
  CHECK_FALSE(limits.try_acquire(a));  // per IP
  CHECK(limits.try_acquire(b));
  CHECK_FALSE(limits.try_acquire(b));  // global
  limits.release(a);
  CHECK(limits.try_acquire(b));
  CHECK(limits.total() == 3);
}
