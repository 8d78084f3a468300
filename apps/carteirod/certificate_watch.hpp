#pragma once
// The server certificate over the daemon's life: SIGHUP reloads it (new sessions get the
// new one, running sessions keep theirs), and its expiry date is logged at start, at each
// reload and once a day, with a warning in the last two weeks.
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <csignal>
#include <memory>

#include "carteiro/common/config.hpp"
#include "carteiro/net/tls.hpp"

namespace carteiro {

// The configured certificate, or the self-signed one under data_dir (made when missing).
std::shared_ptr<net::TlsCertificate> load_certificate(const Config& config);

class CertificateWatch {
 public:
  CertificateWatch(asio::io_context& io, const Config& config, std::shared_ptr<net::TlsCertificate> certificate);
  void start();  // logs the expiry, then waits for SIGHUP and the daily check
  void stop();

 private:
  void wait_for_hangup();
  void wait_for_next_day();
  void reload();

  const Config& config_;
  std::shared_ptr<net::TlsCertificate> certificate_;
  asio::signal_set hangup_;
  asio::steady_timer daily_;
};

}  // namespace carteiro
