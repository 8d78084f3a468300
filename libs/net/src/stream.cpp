#include "carteiro/net/stream.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/read.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

namespace carteiro::net {

Stream::Stream(asio::ip::tcp::socket socket) : plain_(std::make_unique<asio::ip::tcp::socket>(std::move(socket))) {}
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
Stream::~Stream() = default;

asio::ip::tcp::socket& Stream::socket() { return tls_ ? tls_->next_layer() : *plain_; }

Stream::executor_type Stream::get_executor() { return socket().get_executor(); }

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
}

asio::awaitable<std::tuple<asio::error_code, std::size_t>> Stream::read_some(asio::mutable_buffer buffer) {
  if (tls_) co_return co_await tls_->async_read_some(buffer, kNoThrow);
  co_return co_await plain_->async_read_some(buffer, kNoThrow);
}

asio::awaitable<std::tuple<asio::error_code, std::size_t>> Stream::write_all(std::string_view data) {
  auto buffer = asio::buffer(data.data(), data.size());
  if (tls_) co_return co_await asio::async_write(*tls_, buffer, kNoThrow);
  co_return co_await asio::async_write(*plain_, buffer, kNoThrow);
}

asio::awaitable<void> Stream::handshake_server(std::shared_ptr<asio::ssl::context> context) {
  server_context_ = std::move(context);
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(*plain_), *server_context_);
  plain_.reset();
  co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
}

asio::awaitable<void> Stream::handshake_client(asio::ssl::context& context, const std::string& server_name,
                                              const std::string& verify_host,
                                              const std::function<void(SSL*)>& configure) {
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(*plain_), context);
  plain_.reset();
  SSL* ssl = tls_->native_handle();
  if (!server_name.empty()) SSL_set_tlsext_host_name(ssl, server_name.c_str());
  if (!verify_host.empty()) {
    // RFC 6125 section 6: the reference identity is the name we were told to reach (or
    // the IP address, matched against iPAddress subjectAltNames).
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    asio::error_code ec;
    asio::ip::make_address(verify_host, ec);
    int set = ec ? X509_VERIFY_PARAM_set1_host(param, verify_host.c_str(), 0)
                 : X509_VERIFY_PARAM_set1_ip_asc(param, verify_host.c_str());
    if (set != 1) throw std::runtime_error("cannot check the certificate against " + verify_host);
  }
  if (configure) configure(ssl);
  co_await tls_->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
}

std::string Stream::tls_description() const {
  if (!tls_) return {};
  SSL* ssl = const_cast<asio::ssl::stream<asio::ip::tcp::socket>&>(*tls_).native_handle();
  return fmt::format("{} {}", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
}

std::string Stream::verify_error() const {
  if (!tls_) return {};
  SSL* ssl = const_cast<asio::ssl::stream<asio::ip::tcp::socket>&>(*tls_).native_handle();
  long result = SSL_get_verify_result(ssl);
  return result == X509_V_OK ? std::string() : X509_verify_cert_error_string(result);
}

void Stream::cancel() {
  asio::error_code ec;
  socket().cancel(ec);
}

void Stream::close() {
  asio::error_code ec;
  socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket().close(ec);
}

}  // namespace carteiro::net
