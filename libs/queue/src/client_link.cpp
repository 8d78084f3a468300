#include "client_link.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <array>

namespace carteiro::queue {

using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;
}  // namespace

asio::awaitable<std::optional<ClientLink>> ClientLink::connect(asio::any_io_executor executor,
                                                               asio::ip::tcp::endpoint endpoint,
                                                               std::chrono::seconds timeout, std::string& reason) {
  asio::ip::tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  timer.expires_after(timeout);
  auto connecting = socket.async_connect(endpoint, kNoThrow);
  auto waiting = timer.async_wait(kNoThrow);
  auto result = co_await (std::move(connecting) || std::move(waiting));
  if (result.index() == 1) {
    reason = "connection timed out";
    co_return std::nullopt;
  }
  auto [ec] = std::get<0>(result);
  if (ec) {
    reason = ec.message();
    co_return std::nullopt;
  }
  asio::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  co_return ClientLink(net::Stream(std::move(socket)));
}

void ClientLink::fail(std::string reason) {
  if (open_) error_ = std::move(reason);
  close();
}

void ClientLink::close() {
  if (!open_) return;
  open_ = false;
  stream_.close();
}

asio::awaitable<std::optional<smtpwire::Reply>> ClientLink::read_reply(std::chrono::seconds timeout) {
  asio::steady_timer timer(stream_.get_executor());
  timer.expires_after(timeout);
  while (open_) {
    while (auto line = input_.next_line(smtpwire::kMaxReplyLine)) {
      if (line->too_long) {
        fail("reply line too long");
        co_return std::nullopt;
      }
      auto status = parser_.feed(line->text);
      if (status == smtpwire::ReplyParser::Status::complete) co_return parser_.take();
      if (status == smtpwire::ReplyParser::Status::malformed) {
        fail("malformed reply: " + parser_.error());
        co_return std::nullopt;
      }
    }
    std::array<char, kReadChunk> chunk;
    auto reading = stream_.read_some(asio::buffer(chunk));
    auto waiting = timer.async_wait(kNoThrow);
    auto result = co_await (std::move(reading) || std::move(waiting));
    if (result.index() == 1) {
      fail("timed out waiting for a reply");
      co_return std::nullopt;
    }
    auto [ec, n] = std::get<0>(result);
    if (ec || n == 0) {
      fail(ec == asio::error::eof || n == 0 ? "connection closed by the server" : ec.message());
      co_return std::nullopt;
    }
    input_.feed(std::string_view(chunk.data(), n));
  }
  co_return std::nullopt;
}

asio::awaitable<bool> ClientLink::write(std::string_view data, std::chrono::seconds timeout) {
  if (!open_) co_return false;
  asio::steady_timer timer(stream_.get_executor());
  timer.expires_after(timeout);
  auto writing = stream_.write_all(data);
  auto waiting = timer.async_wait(kNoThrow);
  auto result = co_await (std::move(writing) || std::move(waiting));
  if (result.index() == 1) {
    fail("timed out sending");
    co_return false;
  }
  auto [ec, n] = std::get<0>(result);
  if (ec) {
    fail(ec.message());
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> ClientLink::start_tls(asio::ssl::context& context, const std::string& server_name,
                                            std::chrono::seconds timeout, const std::string& verify_host,
                                            std::function<void(SSL*)> configure) {
  if (!open_) co_return false;
  input_.clear();  // RFC 3207 section 4.2: nothing received before the handshake counts
  asio::steady_timer timer(stream_.get_executor());
  timer.expires_after(timeout);
  std::string failure;
  auto handshake = [this, &context, &server_name, &verify_host, &configure, &failure]() -> asio::awaitable<bool> {
    try {
      co_await stream_.handshake_client(context, server_name, verify_host, configure);
      co_return true;
    } catch (const std::exception& e) {
      failure = e.what();
      co_return false;
    }
  };
  auto attempt = handshake();
  auto waiting = timer.async_wait(kNoThrow);
  auto result = co_await (std::move(attempt) || std::move(waiting));
  if (result.index() == 1) {
    fail("TLS handshake timed out");
    co_return false;
  }
  if (!std::get<0>(result)) {
    auto unverified = stream_.verify_error();
    verify_error_ = unverified;
    fail("TLS handshake failed: " + failure + (unverified.empty() ? "" : " (certificate: " + unverified + ")"));
    co_return false;
  }
  co_return true;
}

}  // namespace carteiro::queue
