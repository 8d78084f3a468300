// Connection deadlines that trickled bytes cannot stretch (slowloris): a line must be
// complete line_deadline after its first byte; a client must log in within login_deadline.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/write.hpp>

#include <thread>

#include "carteiro/net/connection.hpp"

using namespace carteiro::net;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

struct Pair {
  asio::io_context io;
  tcp::socket client{io};
  std::shared_ptr<Connection> server;
  explicit Pair(ConnectionOptions options) {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client.connect(acceptor.local_endpoint());
    ConnectionInfo info;
    info.id = "t1";
    server = std::make_shared<Connection>(Stream(acceptor.accept()), info, options);
  }
};

// Sends each piece, PAUSE apart, from another thread; stops when the server closed.
std::thread trickle(tcp::socket& client, std::vector<std::string> pieces, std::chrono::milliseconds pause) {
  return std::thread([&client, pieces, pause] {
    for (auto& piece : pieces) {
      std::this_thread::sleep_for(pause);
      asio::error_code ec;
      asio::write(client, asio::buffer(piece), ec);
      if (ec) return;
    }
  });
}

ReadStatus read_lines_until_not_ok(Pair& p, int& lines) {
  ReadStatus status = ReadStatus::ok;
  auto reader = [&]() -> asio::awaitable<void> {
    Line l;
    for (;;) {
      status = co_await p.server->read_line(l, 100);
      if (status != ReadStatus::ok) break;
      ++lines;
    }
  };
  asio::co_spawn(p.io, reader, asio::detached);
  p.io.run();
  return status;
}

}  // namespace

TEST_CASE("deadline: a line trickled a byte at a time must still end in time") {
  ConnectionOptions options;
  options.idle_timeout = 30s;
  options.line_deadline = 1s;
  Pair p(options);
  std::vector<std::string> bytes(20, "x");  // 20 x 100 ms: twice the deadline, never idle
  auto sender = trickle(p.client, bytes, 100ms);
  auto t0 = std::chrono::steady_clock::now();
  int lines = 0;
  CHECK(read_lines_until_not_ok(p, lines) == ReadStatus::timeout);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took >= 1s);
  CHECK(took < 5s);  // without the deadline: the 30 s idle timeout after the trickle ends
  p.server->close();
  p.client.close();
  sender.join();
}

TEST_CASE("deadline: whole lines are in time, but not a login that never comes") {
  ConnectionOptions options;
  options.idle_timeout = 30s;
  options.line_deadline = 1s;
  options.login_deadline = 1s;
  Pair p(options);
  std::vector<std::string> commands(20, "NOOP\r\n");
  auto sender = trickle(p.client, commands, 100ms);
  int lines = 0;
  CHECK(read_lines_until_not_ok(p, lines) == ReadStatus::timeout);
  CHECK(lines >= 3);  // whole lines in time are read: only the login deadline ends it
  CHECK(lines < 19);
  p.server->close();
  p.client.close();
  sender.join();
}

TEST_CASE("deadline: after login only the idle timeout and line deadline remain") {
  ConnectionOptions options;
  options.idle_timeout = 30s;
  options.login_deadline = 1s;
  Pair p(options);
  p.server->mark_logged_in();
  std::vector<std::string> commands(15, "NOOP\r\n");
  commands.push_back("QUIT\r\n");
  auto sender = trickle(p.client, commands, 100ms);
  int lines = 0;
  ReadStatus status = ReadStatus::ok;
  auto reader = [&]() -> asio::awaitable<void> {
    Line l;
    for (;;) {
      status = co_await p.server->read_line(l, 100);
      if (status != ReadStatus::ok || l.text == "QUIT") break;
      ++lines;
    }
  };
  asio::co_spawn(p.io, reader, asio::detached);
  p.io.run();
  sender.join();
  CHECK(status == ReadStatus::ok);
  CHECK(lines == 15);
}
