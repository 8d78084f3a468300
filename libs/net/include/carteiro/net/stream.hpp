#pragma once
// One stream type for every protocol: plain TCP that can become TLS in place (STARTTLS,
// STLS) or TLS from the first byte (implicit TLS listeners).
#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>

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
  // encrypted. Throws on handshake failure (the caller closes).
  asio::awaitable<void> handshake_server(asio::ssl::context& context);
  asio::awaitable<void> handshake_client(asio::ssl::context& context, const std::string& server_name);

  bool is_tls() const { return tls_ != nullptr; }
  std::string tls_description() const;  // "TLSv1.3 TLS_AES_256_GCM_SHA384", or ""
  asio::ip::tcp::socket& socket();
  void cancel();
  void close();

 private:
  std::unique_ptr<asio::ip::tcp::socket> plain_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
};

}  // namespace carteiro::net
