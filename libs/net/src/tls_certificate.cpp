#include <openssl/asn1.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <ctime>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "carteiro/common/log.hpp"
#include "carteiro/net/tls.hpp"

namespace carteiro::net {

namespace {

TlsCertificate::Clock::time_point not_after_of(asio::ssl::context& ctx, const std::string& cert_file) {
  X509* leaf = SSL_CTX_get0_certificate(ctx.native_handle());
  std::tm tm{};
  if (!leaf || ASN1_TIME_to_tm(X509_get0_notAfter(leaf), &tm) != 1)
    throw std::runtime_error(fmt::format("TLS certificate {}: cannot read its expiry date (notAfter)", cert_file));
  return TlsCertificate::Clock::from_time_t(timegm(&tm));
}

}  // namespace

TlsCertificate::TlsCertificate(std::string cert_file, std::string key_file, TlsPolicy policy)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)), policy_(policy) {
  reload();
}

std::shared_ptr<asio::ssl::context> TlsCertificate::context() const {
  std::lock_guard lock(mutex_);
  return context_;
}

void TlsCertificate::reload() {
  // Built outside the lock: reading files must not hold up handshakes.
  auto fresh = make_server_tls(cert_file_, key_file_, policy_);
  auto expiry = not_after_of(*fresh, cert_file_);
  std::lock_guard lock(mutex_);
  context_ = std::move(fresh);
  not_after_ = expiry;
}

TlsCertificate::Clock::time_point TlsCertificate::not_after() const {
  std::lock_guard lock(mutex_);
  return not_after_;
}

bool expires_soon(TlsCertificate::Clock::time_point not_after, TlsCertificate::Clock::time_point now) {
  return not_after - now <= kCertificateExpiryWarning;
}

void log_certificate_expiry(const TlsCertificate& certificate, TlsCertificate::Clock::time_point now) {
  auto not_after = certificate.not_after();
  std::time_t seconds = TlsCertificate::Clock::to_time_t(not_after);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  auto date = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", utc);
  // Whole days, rounded: a certificate made "-days 5" a moment ago says 5, not 4.
  auto days = (std::chrono::floor<std::chrono::hours>(not_after - now).count() + 12) / 24;
  if (not_after <= now)
    log::warn("TLS certificate {} has EXPIRED (notAfter {}): clients will refuse it; renew it and send SIGHUP",
              certificate.cert_file(), date);
  else if (expires_soon(not_after, now))
    log::warn("TLS certificate {} expires in {} day(s) (notAfter {}): renew it and send SIGHUP",
              certificate.cert_file(), days, date);
  else
    log::info("TLS certificate {} valid until notAfter {} ({} days)", certificate.cert_file(), date, days);
}

}  // namespace carteiro::net
