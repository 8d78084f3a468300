#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <memory>

#include "carteiro/common/log.hpp"
#include "carteiro/net/tls.hpp"

namespace carteiro::net {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void write_pem(const std::filesystem::path& path, bool is_key, EVP_PKEY* key, X509* cert) {
  auto tmp = path;
  tmp += ".tmp";
  // Private from the first byte, whatever the umask: the key obviously, and the
  // certificate like every other file under data_dir.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FILE* f = fd >= 0 ? ::fdopen(fd, "wb") : nullptr;
  if (!f) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  }
  bool ok = is_key ? PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
                   : PEM_write_X509(f, cert) == 1;
  ok = (std::fflush(f) == 0) && ok && (::fsync(fileno(f)) == 0);
  std::fclose(f);
  if (!ok) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  std::filesystem::rename(tmp, path);
}

}  // namespace

std::pair<std::string, std::string> ensure_self_signed(const std::filesystem::path& data_dir,
                                                       const std::string& hostname) {
  auto dir = data_dir / "tls";
  auto cert_path = dir / "cert.pem";
  auto key_path = dir / "key.pem";
  if (std::filesystem::exists(cert_path) && std::filesystem::exists(key_path))
    return {cert_path.string(), key_path.string()};
  std::filesystem::create_directories(dir);

  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) throw std::runtime_error("cannot generate a TLS key");
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Carteiro"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(hostname.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
  std::string san = "DNS:" + hostname;
  if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, san.c_str())) {
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) throw std::runtime_error("cannot sign the TLS certificate");
  write_pem(key_path, true, key.get(), nullptr);
  write_pem(cert_path, false, nullptr, cert.get());
  log::info("made a self-signed TLS certificate for {} in {}", hostname, dir.string());
  return {cert_path.string(), key_path.string()};
}

}  // namespace carteiro::net
