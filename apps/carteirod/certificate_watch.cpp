#include "certificate_watch.hpp"

#include <chrono>

#include "carteiro/common/log.hpp"

namespace carteiro {

namespace {
constexpr std::chrono::hours kExpiryCheckInterval{24};

std::pair<std::string, std::string> certificate_files(const Config& config) {
  if (config.tls.cert.empty()) return net::ensure_self_signed(config.data_dir, config.hostname);
  return {config.tls.cert, config.tls.key};
}
}  // namespace

std::shared_ptr<net::TlsCertificate> load_certificate(const Config& config) {
  auto [cert, key] = certificate_files(config);
  return std::make_shared<net::TlsCertificate>(cert, key, config.tls.policy);
}

CertificateWatch::CertificateWatch(asio::io_context& io, const Config& config,
                                   std::shared_ptr<net::TlsCertificate> certificate)
    : config_(config), certificate_(std::move(certificate)), hangup_(io, SIGHUP), daily_(io) {}

void CertificateWatch::start() {
  net::log_certificate_expiry(*certificate_, std::chrono::system_clock::now());
  wait_for_hangup();
  wait_for_next_day();
}

void CertificateWatch::stop() {
  asio::error_code ignored;
  hangup_.cancel(ignored);
  daily_.cancel();
}

void CertificateWatch::wait_for_hangup() {
  hangup_.async_wait([this](const asio::error_code& ec, int) {
    if (ec) return;
    reload();
    wait_for_hangup();
  });
}

void CertificateWatch::wait_for_next_day() {
  daily_.expires_after(kExpiryCheckInterval);
  daily_.async_wait([this](const asio::error_code& ec) {
    if (ec) return;
    net::log_certificate_expiry(*certificate_, std::chrono::system_clock::now());
    wait_for_next_day();
  });
}

void CertificateWatch::reload() {
  log::info("SIGHUP: reloading the TLS certificate {}", certificate_->cert_file());
  try {
    certificate_files(config_);  // makes the self-signed pair again if it was deleted
    certificate_->reload();
  } catch (const std::exception& e) {
    log::error("TLS certificate reload failed, still using the previous certificate: {}", e.what());
    return;
  }
  log::info("TLS certificate reloaded: new connections use {}", certificate_->cert_file());
  net::log_certificate_expiry(*certificate_, std::chrono::system_clock::now());
}

}  // namespace carteiro
