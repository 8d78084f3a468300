// The server certificate holder: reload swaps the context for new handshakes, keeps the
// old one on failure; expiry arithmetic.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "carteiro/net/tls.hpp"

using namespace carteiro::net;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("carteiro-tls-" + std::to_string(rd()));
  }
  ~TempDir() { fs::remove_all(path); }
};

// Two self-signed pairs (A, B) and the live files the holder reads.
struct Pairs {
  TempDir dir;
  fs::path cert = dir.path / "live" / "cert.pem";
  fs::path key = dir.path / "live" / "key.pem";
  std::pair<std::string, std::string> a = ensure_self_signed(dir.path / "a", "a.test");
  std::pair<std::string, std::string> b = ensure_self_signed(dir.path / "b", "b.test");
  Pairs() { install(a); }
  void install(const std::pair<std::string, std::string>& pair) {
    fs::create_directories(cert.parent_path());
    fs::copy_file(pair.first, cert, fs::copy_options::overwrite_existing);
    fs::copy_file(pair.second, key, fs::copy_options::overwrite_existing);
  }
};

}  // namespace

TEST_CASE("tls certificate: reload swaps the context, a session's context stays alive") {
  Pairs p;
  TlsCertificate certificate(p.cert.string(), p.key.string(), carteiro::TlsPolicy::intermediate);
  auto first = certificate.context();
  p.install(p.b);
  certificate.reload();
  auto second = certificate.context();
  CHECK(second != first);
  CHECK(first.use_count() == 1);  // only this test (a session) holds the old one now, and it still works
  CHECK(SSL_CTX_get0_certificate(first->native_handle()) != nullptr);
}

TEST_CASE("tls certificate: a failed reload keeps the current context") {
  Pairs p;
  TlsCertificate certificate(p.cert.string(), p.key.string(), carteiro::TlsPolicy::modern);
  auto current = certificate.context();
  auto expiry = certificate.not_after();

  SUBCASE("missing file") { fs::remove(p.cert); }
  SUBCASE("not a certificate") { std::ofstream(p.cert) << "garbage\n"; }
  SUBCASE("key of another certificate") {
    fs::copy_file(p.b.second, p.key, fs::copy_options::overwrite_existing);
  }
  CHECK_THROWS_AS(certificate.reload(), std::runtime_error);
  CHECK(certificate.context() == current);
  CHECK(certificate.not_after() == expiry);
}

TEST_CASE("tls certificate: a key that does not match is refused at start") {
  Pairs p;
  fs::copy_file(p.b.second, p.key, fs::copy_options::overwrite_existing);
  CHECK_THROWS_AS(TlsCertificate(p.cert.string(), p.key.string(), carteiro::TlsPolicy::intermediate),
                  std::runtime_error);
}

TEST_CASE("tls certificate: expiry date and the two-week warning") {
  Pairs p;
  TlsCertificate certificate(p.cert.string(), p.key.string(), carteiro::TlsPolicy::intermediate);
  auto now = TlsCertificate::Clock::now();
  // ensure_self_signed makes ten-year certificates.
  CHECK(certificate.not_after() > now + std::chrono::hours(24 * 365 * 9));
  using std::chrono::hours;
  CHECK_FALSE(expires_soon(now + hours(24 * 15), now));
  CHECK(expires_soon(now + hours(24 * 14), now));
  CHECK(expires_soon(now + hours(24 * 5), now));
  CHECK(expires_soon(now - hours(1), now));
}
