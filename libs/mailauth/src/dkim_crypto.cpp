#include "dkim_crypto.hpp"

#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace carteiro::mailauth::dkim {

namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) return {};
  return std::string(reinterpret_cast<char*>(out), size);
}

}  // namespace

std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }

Pkey public_key(const Key& key) {
  const unsigned char* p = bytes(key.public_key);
  long size = static_cast<long>(key.public_key.size());
  if (key.type == KeyType::ed25519) {
    if (key.public_key.size() != 32) return nullptr;
    return Pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, p, key.public_key.size()));
  }
  Pkey spki(d2i_PUBKEY(nullptr, &p, size));
  if (spki && EVP_PKEY_get_base_id(spki.get()) == EVP_PKEY_RSA) return spki;
  p = bytes(key.public_key);
  return Pkey(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, size));
}

Pkey private_key_from_pem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return nullptr;
  // No passphrase: without this callback OpenSSL would prompt on the terminal for one.
  auto no_passphrase = [](char*, int, int, void*) { return 0; };
  return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
}

int key_bits(EVP_PKEY* key) { return EVP_PKEY_get_bits(key); }
bool is_ed25519(EVP_PKEY* key) { return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519; }

bool verify_data(EVP_PKEY* key, Algorithm algorithm, std::string_view data, std::string_view signature) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  if (algorithm == Algorithm::ed25519_sha256) {
    if (!is_ed25519(key)) return false;
    std::string hash = sha256(data);
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(hash), hash.size()) == 1;
  }
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return false;
  const EVP_MD* md = algorithm == Algorithm::rsa_sha1 ? EVP_sha1() : EVP_sha256();
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(data), data.size()) == 1;
}

std::optional<std::string> sign_data(EVP_PKEY* key, std::string_view data) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) return std::nullopt;
  bool ed25519 = is_ed25519(key);
  std::string hash = ed25519 ? sha256(data) : std::string();
  std::string_view input = ed25519 ? std::string_view(hash) : data;
  if (EVP_DigestSignInit(ctx.get(), nullptr, ed25519 ? nullptr : EVP_sha256(), nullptr, key) != 1) return std::nullopt;
  std::size_t size = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &size, bytes(input), input.size()) != 1) return std::nullopt;
  std::string out(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, bytes(input), input.size()) != 1)
    return std::nullopt;
  out.resize(size);
  return out;
}

}  // namespace carteiro::mailauth::dkim
