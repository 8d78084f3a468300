#pragma once
// The outbound client's side of one TCP connection: connect, read whole SMTP replies,
// write commands, switch to TLS, each bounded by a deadline (RFC 5321 section 4.5.3.2).
// Failures come back as values with a reason, never as exceptions.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "carteiro/net/line_buffer.hpp"
#include "carteiro/net/stream.hpp"
#include "carteiro/smtpwire/reply_parser.hpp"

namespace carteiro::queue {

class ClientLink {
 public:
  // Connects within TIMEOUT; nullopt and REASON on failure.
  static asio::awaitable<std::optional<ClientLink>> connect(asio::any_io_executor executor,
                                                            asio::ip::tcp::endpoint endpoint,
                                                            std::chrono::seconds timeout, std::string& reason);

  // One complete reply (all its lines) within TIMEOUT; nullopt when the peer closed,
  // the deadline passed or the reply was malformed (error() says which).
  asio::awaitable<std::optional<smtpwire::Reply>> read_reply(std::chrono::seconds timeout);
  asio::awaitable<bool> write(std::string_view data, std::chrono::seconds timeout);
  // Client TLS handshake in place (RFC 3207); bytes buffered before it are dropped.
  // VERIFY_HOST: see net::Stream::handshake_client.
  // CONFIGURE: see net::Stream::handshake_client.
  asio::awaitable<bool> start_tls(asio::ssl::context& context, const std::string& server_name,
                                  std::chrono::seconds timeout, const std::string& verify_host,
                                  std::function<void(SSL*)> configure = {});

  bool is_tls() const { return stream_.is_tls(); }
  std::string tls_description() const { return stream_.tls_description(); }
  bool open() const { return open_; }
  const std::string& error() const { return error_; }
  // Why the peer's certificate did not verify in the last handshake, or "".
  const std::string& verify_error() const { return verify_error_; }
  void close();

 private:
  explicit ClientLink(net::Stream stream) : stream_(std::move(stream)) {}
  void fail(std::string reason);

  net::Stream stream_;
  net::LineBuffer input_;
  smtpwire::ReplyParser parser_;
  std::string error_;
  std::string verify_error_;
  bool open_ = true;
};

}  // namespace carteiro::queue
