#pragma once
// One stream type for every protocol: plain TCP that can become TLS in place (STARTTLS,
// STLS) or TLS from the first byte (implicit TLS listeners).
#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace carteiro::net {

class Stream {
 public:
  explicit Stream(asio::ip::tcp::socket socket);
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  using executor_type = asio::ip::tcp::socket::executor_type;
  executor_type get_executor();

  // Errors (EOF, reset, cancellation, TLS failures) come back as values.
  asio::awaitable<std::tuple<asio::error_code, std::size_t>> read_some(asio::mutable_buffer buffer);
  asio::awaitable<std::tuple<asio::error_code, std::size_t>> write_all(std::string_view data);

  // TLS handshake as server / as client (with SNI). After it every read and write is
  // encrypted. Throws on handshake failure (the caller closes). The server side keeps
  // CONTEXT alive as long as the stream (a reload may drop the holder's reference).
  // VERIFY_HOST (a name or an IP address), when not empty, must match the peer's
  // certificate (RFC 6125); the context decides whether the chain is verified.
  asio::awaitable<void> handshake_server(std::shared_ptr<asio::ssl::context> context);
  // CONFIGURE, when given, is called on the connection's SSL before the handshake (for
  // settings of this connection only, such as DANE's TLSA records).
  asio::awaitable<void> handshake_client(asio::ssl::context& context, const std::string& server_name,
                                         const std::string& verify_host,
                                         const std::function<void(SSL*)>& configure = {});

  bool is_tls() const { return tls_ != nullptr; }
  std::string tls_description() const;  // "TLSv1.3 TLS_AES_256_GCM_SHA384", or ""
  std::string verify_error() const;     // why the peer's certificate failed to verify, or ""
  asio::ip::tcp::socket& socket();
  void cancel();
  void close();

 private:
  std::unique_ptr<asio::ip::tcp::socket> plain_;
  std::shared_ptr<asio::ssl::context> server_context_;  // declared before tls_: outlives it
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
};

}  // namespace carteiro::net
