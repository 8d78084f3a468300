#pragma once
// TLS contexts: the server's (Mozilla's policies, a certificate that SIGHUP can swap while
// sessions run), the outbound client's (opportunistic, or verifying for a relay), and the
// self-signed certificate made on first start.
#include <asio/ssl/context.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "carteiro/common/config.hpp"

namespace carteiro::net {

// A server context for CERT_FILE (a chain, leaf first) and KEY_FILE under POLICY. Throws
// std::runtime_error naming the files when they cannot be read or do not match.
std::shared_ptr<asio::ssl::context> make_server_tls(const std::string& cert_file, const std::string& key_file,
                                                    TlsPolicy policy = TlsPolicy::intermediate);
// Outbound, opportunistic (RFC 7435): TLS 1.2 or newer, no verification.
std::unique_ptr<asio::ssl::context> make_client_tls();
// Outbound, verified: the peer's chain must lead to CA_FILE (empty: the system CA store).
// The host name is checked per connection (Stream::handshake_client's verify_host).
std::unique_ptr<asio::ssl::context> make_verifying_client_tls(const std::string& ca_file);

// Makes DATA_DIR/tls/cert.pem and key.pem (self-signed for HOSTNAME) unless they exist;
// returns their paths.
std::pair<std::string, std::string> ensure_self_signed(const std::filesystem::path& data_dir,
                                                       const std::string& hostname);

// The server's certificate and key as one swappable context. Handshakes take context()
// and keep that shared_ptr, so a reload never disturbs a session already running.
class TlsCertificate {
 public:
  using Clock = std::chrono::system_clock;
  // Loads now; throws std::runtime_error when the files are unusable.
  TlsCertificate(std::string cert_file, std::string key_file, TlsPolicy policy);

  std::shared_ptr<asio::ssl::context> context() const;  // thread-safe
  // Reads the files again; new handshakes use them from now on. On failure the current
  // context stays and std::runtime_error says why. Thread-safe.
  void reload();
  Clock::time_point not_after() const;  // of the certificate in use
  const std::string& cert_file() const { return cert_file_; }

 private:
  const std::string cert_file_;
  const std::string key_file_;
  const TlsPolicy policy_;
  mutable std::mutex mutex_;
  std::shared_ptr<asio::ssl::context> context_;
  Clock::time_point not_after_;
};

// Warn this long before a certificate expires (at start, at reload, once a day).
inline constexpr std::chrono::hours kCertificateExpiryWarning{14 * 24};
// True when NOT_AFTER is within kCertificateExpiryWarning of NOW (or already past).
bool expires_soon(TlsCertificate::Clock::time_point not_after, TlsCertificate::Clock::time_point now);
// Logs the certificate's notAfter (info), or a warning when it expires soon.
void log_certificate_expiry(const TlsCertificate& certificate, TlsCertificate::Clock::time_point now);

}  // namespace carteiro::net
