#include "proxy_receive.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <string>

namespace carteiro::net {

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);

ProxyHeader failure(std::string why) {
  ProxyHeader h;
  h.status = ProxyHeader::Status::error;
  h.error = std::move(why);
  return h;
}
}  // namespace

asio::awaitable<ProxyHeader> receive_proxy_header(asio::ip::tcp::socket& socket, std::chrono::milliseconds timeout) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(socket.get_executor());
  timer.expires_after(timeout);  // one deadline for the whole header, however it is cut
  std::string received;
  for (;;) {
    auto header = parse_proxy_header(received);
    if (header.status != ProxyHeader::Status::need_more) co_return header;
    // The parser's "needed" never goes past the header's end, so reading exactly that much
    // is safe (a v1 header is read a few bytes at a time towards its LF; it is read once
    // per connection, from a trusted proxy).
    std::size_t have = received.size();
    received.resize(header.needed);
    auto space = asio::buffer(received.data() + have, header.needed - have);
    auto read = asio::async_read(socket, space, kNoThrow);
    auto wait = timer.async_wait(kNoThrow);
    auto result = co_await (std::move(read) || std::move(wait));
    if (result.index() == 1) co_return failure(fmt::format("no PROXY header within {} ms", timeout.count()));
    auto [ec, n] = std::get<0>(result);
    if (ec) co_return failure(fmt::format("connection lost before the PROXY header ended: {}", ec.message()));
  }
}

}  // namespace carteiro::net
