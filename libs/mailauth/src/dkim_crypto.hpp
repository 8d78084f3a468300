#pragma once
// The OpenSSL side of DKIM: SHA-256, public keys from key records, private keys from PEM,
// and the two signature schemes. Private to the library.
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string sha256(std::string_view data);

// p= of a key record: an RSA SubjectPublicKeyInfo (or a bare RSAPublicKey, which some
// signers publish), or a raw 32-byte Ed25519 key (RFC 8463 section 4). nullptr when unusable.
Pkey public_key(const Key& key);
Pkey private_key_from_pem(std::string_view pem);
int key_bits(EVP_PKEY* key);
bool is_ed25519(EVP_PKEY* key);

// RSA: PKCS#1 v1.5 over SHA-256 (or SHA-1) of DATA. Ed25519 (RFC 8463 section 3): PureEdDSA
// over the SHA-256 of DATA.
bool verify_data(EVP_PKEY* key, Algorithm algorithm, std::string_view data, std::string_view signature);
std::optional<std::string> sign_data(EVP_PKEY* key, std::string_view data);

}  // namespace carteiro::mailauth::dkim
