#pragma once
// A scripted SMTP server on loopback for the queue's tests: replies chosen per command,
// every command and message recorded. Not a test file itself (included by them).
#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read_until.hpp>
#include <asio/streambuf.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace queue_test {

using asio::ip::tcp;

struct FakeServer {
  explicit FakeServer(asio::io_context& io, std::uint16_t port = 0)
      : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port)) {}
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }

  std::string greeting = "220 fake.test ESMTP\r\n";
  std::string ehlo = "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 1000000\r\n250 8BITMIME\r\n";
  std::string mail = "250 2.1.0 ok\r\n";
  std::function<std::string(const std::string&)> rcpt = [](const std::string&) { return "250 2.1.5 ok\r\n"; };
  std::string data = "354 go ahead\r\n";
  std::string end_of_data = "250 2.0.0 queued\r\n";

  std::vector<std::string> commands;
  std::vector<std::string> messages;  // as received on the wire, dot-stuffed, without the final "."
  int connections = 0;

  asio::awaitable<void> serve() {
    for (;;) {
      auto socket = co_await acceptor.async_accept(asio::use_awaitable);
      ++connections;
      try {
        co_await session(socket);
      } catch (const std::exception&) {
      }
    }
  }

  asio::awaitable<void> session(tcp::socket& socket) {
    asio::streambuf buffer;
    co_await asio::async_write(socket, asio::buffer(greeting), asio::use_awaitable);
    bool in_data = false;
    bool mail_ok = false;
    int accepted = 0;  // recipients of the current transaction
    std::string body;
    for (;;) {
      co_await asio::async_read_until(socket, buffer, "\r\n", asio::use_awaitable);
      std::istream in(&buffer);
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::string reply;
      if (in_data) {
        if (line == ".") {
          in_data = false;
          messages.push_back(body);
          body.clear();
          reply = end_of_data;
        } else {
          body += line + "\r\n";
          continue;
        }
      } else {
        commands.push_back(line);
        auto verb = line.substr(0, 4);
        if (verb == "EHLO") reply = ehlo;
        else if (verb == "HELO") reply = "250 fake.test\r\n";
        else if (verb == "MAIL") {
          reply = mail;
          mail_ok = reply.starts_with("2");
          accepted = 0;
        } else if (verb == "RCPT") {
          reply = mail_ok ? rcpt(line) : "503 5.5.1 MAIL first\r\n";
          if (reply.starts_with("2")) ++accepted;
        } else if (verb == "DATA") {
          reply = accepted > 0 ? data : "554 5.5.1 no valid recipients\r\n";
          in_data = reply.starts_with("354");
          mail_ok = false;
        } else if (verb == "STAR") {
          // STARTTLS accepted, then no TLS at all: the client's handshake fails.
          co_await asio::async_write(socket, asio::buffer(std::string("220 2.0.0 go ahead\r\n")), asio::use_awaitable);
          co_return;
        } else if (verb == "RSET") {
          mail_ok = false;
          reply = "250 2.0.0 ok\r\n";
        }
        else if (verb == "QUIT") {
          co_await asio::async_write(socket, asio::buffer(std::string("221 2.0.0 bye\r\n")), asio::use_awaitable);
          co_return;
        } else reply = "502 5.5.2 unknown\r\n";
      }
      co_await asio::async_write(socket, asio::buffer(reply), asio::use_awaitable);
    }
  }

  tcp::acceptor acceptor;
};

}  // namespace queue_test
