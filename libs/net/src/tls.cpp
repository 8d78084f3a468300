#include "carteiro/net/tls.hpp"

#include <openssl/ssl.h>

#include <fmt/format.h>

namespace carteiro::net {

namespace {

// Mozilla "intermediate" (Server Side TLS 5.7): TLS 1.2 only with ECDHE key exchange and
// AEAD ciphers (forward secrecy, no CBC, no RSA key transport); TLS 1.3 keeps OpenSSL's
// suites, all of which qualify. The optional DHE-RSA suites are left out: no DH
// parameters to manage, and every client that lacks ECDHE is older than TLS 1.2.
constexpr const char* kIntermediateTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kGroups = "X25519:prime256v1:secp384r1";

void common_options(asio::ssl::context& ctx) {
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                  asio::ssl::context::no_compression);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
}

void apply_server_policy(asio::ssl::context& ctx, TlsPolicy policy) {
  SSL_CTX* native = ctx.native_handle();
  common_options(ctx);
  if (policy == TlsPolicy::modern) SSL_CTX_set_min_proto_version(native, TLS1_3_VERSION);
  if (SSL_CTX_set_cipher_list(native, kIntermediateTls12Ciphers) != 1 || SSL_CTX_set1_groups_list(native, kGroups) != 1)
    throw std::runtime_error("the TLS library does not know the cipher suites of the intermediate policy");
  // Mozilla: with only strong suites on offer, let the client pick (it knows whether it
  // has AES hardware; CHACHA20 is faster without).
  SSL_CTX_clear_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  // No TLS 1.3 session tickets (RFC 8446 section 4.6.1): they arrive after the handshake,
  // while a client that reads and writes its connection from two threads (imaplib2, so
  // offlineimap) may already be writing its first command, and OpenSSL does not allow
  // one connection to be used by two threads at once: that command was lost now and then.
  // Mail clients reconnect rarely; a full handshake costs them little.
  SSL_CTX_set_num_tickets(native, 0);
}

}  // namespace

std::shared_ptr<asio::ssl::context> make_server_tls(const std::string& cert_file, const std::string& key_file,
                                                    TlsPolicy policy) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  apply_server_policy(*ctx, policy);
  try {
    ctx->use_certificate_chain_file(cert_file);
    ctx->use_private_key_file(key_file, asio::ssl::context::pem);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("TLS certificate {} / key {}: {}", cert_file, key_file, e.what()));
  }
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    throw std::runtime_error(fmt::format("TLS key {} does not match the certificate {}", key_file, cert_file));
  return ctx;
}

std::unique_ptr<asio::ssl::context> make_client_tls() {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  common_options(*ctx);
  // Opportunistic TLS between MTAs (RFC 7435): encrypt, but don't refuse an unverifiable peer.
  ctx->set_verify_mode(asio::ssl::verify_none);
  return ctx;
}

std::unique_ptr<asio::ssl::context> make_verifying_client_tls(const std::string& ca_file) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  common_options(*ctx);
  ctx->set_verify_mode(asio::ssl::verify_peer);
  try {
    if (ca_file.empty()) ctx->set_default_verify_paths();
    else ctx->load_verify_file(ca_file);
  } catch (const std::exception& e) {
    throw std::runtime_error(
        fmt::format("CA certificates {}: {}", ca_file.empty() ? std::string("(system store)") : ca_file, e.what()));
  }
  return ctx;
}

}  // namespace carteiro::net
