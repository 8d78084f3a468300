#include "https_get.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <array>

#include "carteiro/net/stream.hpp"

namespace carteiro::queue {

using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;

std::string request_text(const HttpsRequest& request) {
  return "GET " + request.path + " HTTP/1.1\r\nHost: " + request.host +
         "\r\nUser-Agent: carteiro\r\nAccept: text/plain\r\nConnection: close\r\n\r\n";
}

// One address, without a deadline (the caller's covers the whole fetch).
asio::awaitable<HttpsResult> get_from(asio::any_io_executor executor, asio::ssl::context& verifying,
                                      const HttpsRequest& request, asio::ip::address address) {
  HttpsResult result;
  asio::ip::tcp::socket socket(executor);
  auto connected = co_await socket.async_connect(asio::ip::tcp::endpoint(address, request.port), kNoThrow);
  auto [connect_error] = connected;
  if (connect_error) {
    result.error = "connect to " + address.to_string() + ": " + connect_error.message();
    co_return result;
  }
  net::Stream stream(std::move(socket));
  try {
    co_await stream.handshake_client(verifying, request.host, request.host);
  } catch (const std::exception& e) {
    auto unverified = stream.verify_error();
    result.error = "TLS with " + request.host + " failed: " +
                   (unverified.empty() ? std::string(e.what()) : "certificate does not verify (" + unverified + ")");
    co_return result;
  }
  const auto text = request_text(request);
  auto sent = co_await stream.write_all(text);
  auto write_error = std::get<0>(sent);
  if (write_error) {
    result.error = "sending the request: " + write_error.message();
    co_return result;
  }
  std::string received;
  std::array<char, kReadChunk> chunk;
  for (;;) {
    auto got = co_await stream.read_some(asio::buffer(chunk));
    auto [read_error, n] = got;
    received.append(chunk.data(), n);
    bool closed = read_error || n == 0;
    result.response = parse_http_response(received, closed, request.max_body);
    if (result.response.state == HttpResponse::State::complete) break;
    if (result.response.state == HttpResponse::State::malformed) {
      result.error = "malformed response: " + result.response.error;
      co_return result;
    }
    if (closed) break;  // parse_http_response reported it malformed already
  }
  stream.close();
  result.ok = true;
  co_return result;
}

}  // namespace

asio::awaitable<HttpsResult> https_get(asio::any_io_executor executor, asio::ssl::context& verifying,
                                       const HttpsRequest& request) {
  auto attempts = [executor, &verifying, &request]() -> asio::awaitable<HttpsResult> {
    HttpsResult last;
    last.error = "no address for " + request.host;
    for (const auto& address : request.addresses) {
      last = co_await get_from(executor, verifying, request, address);
      if (last.ok) break;
    }
    co_return last;
  };
  asio::steady_timer timer(executor);
  timer.expires_after(request.timeout);
  auto fetching = attempts();
  auto waiting = timer.async_wait(kNoThrow);
  auto outcome = co_await (std::move(fetching) || std::move(waiting));
  if (outcome.index() == 1) {
    HttpsResult late;
    late.error = "no complete response within " + std::to_string(request.timeout.count()) + " seconds";
    co_return late;
  }
  co_return std::get<0>(std::move(outcome));
}

}  // namespace carteiro::queue
