// The outbound client's TLS that must succeed: DANE (RFC 7672) and MTA-STS (RFC 8461).
#include <openssl/ssl.h>

#include "carteiro/common/log.hpp"
#include "carteiro/queue/smtp_client.hpp"
#include "client_link.hpp"

namespace carteiro::queue {

namespace {

// RFC 7672 section 3: the TLSA records of HOST for this connection, with OpenSSL's DANE.
// DANE-TA(2) checks the names against the MX host; DANE-EE(3) checks none (section 3.2.1).
void enable_dane(SSL* ssl, const Host& host) {
  if (SSL_dane_enable(ssl, host.name.c_str()) <= 0) throw std::runtime_error("cannot enable DANE for " + host.name);
  SSL_dane_set_flags(ssl, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
  int usable = 0;
  for (const auto& record : host.dane.records) {
    const auto* data = reinterpret_cast<const unsigned char*>(record.data.data());
    if (SSL_dane_tlsa_add(ssl, record.usage, record.selector, record.matching, data, record.data.size()) > 0) ++usable;
  }
  if (usable == 0) throw std::runtime_error("no TLSA record of " + host.name + " is usable here");
}

}  // namespace

bool SmtpClient::requires_tls(const Host& host, const RouteSecurity& security) {
  return host.dane.kind == HostDane::Kind::authenticate || host.dane.kind == HostDane::Kind::encrypt ||
         security.kind == RouteSecurity::Kind::verified;
}

asio::awaitable<std::optional<Verdict>> SmtpClient::start_required_tls(const Host& host, const RouteSecurity& security) {
  const std::string dane = "DANE";
  const std::string no_name_check;
  std::optional<Verdict> refused;
  // RFC 8461 section 2: DANE takes precedence over MTA-STS where the host has TLSA records.
  if (host.dane.kind == HostDane::Kind::authenticate) {
    refused = co_await start_mandatory_tls(host, dane, options_.dane_tls, no_name_check, true);
  } else if (host.dane.kind == HostDane::Kind::encrypt) {
    // RFC 7672 section 3.1: secure TLSA records none of which is usable: TLS, unauthenticated.
    refused = co_await start_mandatory_tls(host, dane, options_.tls, no_name_check, false);
  } else {
    // RFC 8461 section 4.2: a certificate that chains to a trusted root and names the host.
    refused = co_await start_mandatory_tls(host, security.policy, options_.verified_tls, host.name, false);
  }
  co_return refused;
}

// The host must offer STARTTLS and the handshake must succeed; there is no falling back to
// plain text.
asio::awaitable<std::optional<Verdict>> SmtpClient::start_mandatory_tls(const Host& host, const std::string& who,
                                                                        asio::ssl::context* context,
                                                                        const std::string& verify_host, bool dane) {
  auto refuse = [&](std::string why) -> Verdict { return Verdict::temporary("4.7.5", who + ": " + why, peer_); };
  if (!context) {
    co_await quit();
    co_return refuse("no TLS context to reach " + host.name);
  }
  if (!extensions_.starttls) {
    co_await quit();
    co_return refuse(host.name + " does not offer STARTTLS");
  }
  auto reply = co_await command("STARTTLS", options_.timeouts.command);
  if (!reply) co_return link_failure("STARTTLS");
  if (reply->code != 220) {
    co_await quit();
    co_return refuse(host.name + " refused STARTTLS: " + reply->text());
  }
  std::function<void(SSL*)> configure;
  if (dane) configure = [&host](SSL* ssl) { enable_dane(ssl, host); };
  bool secured = co_await link_->start_tls(*context, host.name, options_.timeouts.command, verify_host, configure);
  if (!secured) {
    log::info("queue: {}: {}", peer_, link_->error());
    auto unverified = link_->verify_error();
    if (!unverified.empty()) {
      if (dane) co_return refuse("certificate of " + host.name + " matches no TLSA record (" + unverified + ")");
      co_return refuse("certificate of " + host.name + " does not verify (" + unverified + ")");
    }
    co_return refuse("TLS with " + peer_ + " failed: " + link_->error());
  }
  log::debug("[smtp-out {}] TLS: {} ({})", peer_, link_->tls_description(), who);
  // RFC 3207 section 4.2: forget what EHLO said before TLS and ask again.
  auto refused = co_await greet();
  co_return refused;
}

}  // namespace carteiro::queue
