#include "carteiro/mailauth/dkim_keygen.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>

#include "carteiro/common/base64.hpp"
#include "dkim_crypto.hpp"

namespace carteiro::mailauth::dkim {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::string pem_of(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("cannot write the new DKIM key");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// RSA: the DER SubjectPublicKeyInfo, what RFC 6376 section 3.6.1 says p= holds.
std::string rsa_public_der(EVP_PKEY* key) {
  int size = i2d_PUBKEY(key, nullptr);
  if (size <= 0) return {};
  std::string out(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (i2d_PUBKEY(key, &p) != size) return {};
  return out;
}

std::string ed25519_public_raw(EVP_PKEY* key) {
  std::string out(32, '\0');
  std::size_t size = out.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &size) != 1 || size != 32)
    return {};
  return out;
}

Parsed<Pkey> usable_key(std::string_view private_pem) {
  Pkey key = private_key_from_pem(private_pem);
  if (!key) return ParseError{"unreadable private key"};
  if (!is_ed25519(key.get()) && EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    return ParseError{"the key is neither RSA nor Ed25519"};
  return key;
}

}  // namespace

std::string generate_private_key(KeyType type) {
  Pkey key(type == KeyType::ed25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                    : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(kGeneratedRsaBits)));
  if (!key) throw std::runtime_error("OpenSSL could not generate a DKIM key");
  return pem_of(key.get());
}

Parsed<KeyType> key_type_of(std::string_view private_pem) {
  auto key = usable_key(private_pem);
  if (auto* error = std::get_if<ParseError>(&key)) return *error;
  return is_ed25519(std::get<Pkey>(key).get()) ? KeyType::ed25519 : KeyType::rsa;
}

Parsed<std::string> key_record_for(std::string_view private_pem) {
  auto parsed = usable_key(private_pem);
  if (auto* error = std::get_if<ParseError>(&parsed)) return *error;
  EVP_PKEY* key = std::get<Pkey>(parsed).get();
  bool ed25519 = is_ed25519(key);
  std::string public_key = ed25519 ? ed25519_public_raw(key) : rsa_public_der(key);
  if (public_key.empty()) return ParseError{"cannot read the public key"};
  return std::string("v=DKIM1; k=") + (ed25519 ? "ed25519" : "rsa") + "; p=" + base64_encode(public_key);
}

}  // namespace carteiro::mailauth::dkim
