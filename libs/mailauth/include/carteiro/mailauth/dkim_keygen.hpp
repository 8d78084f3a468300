#pragma once
// DKIM signing keys: new private keys (RSA-2048, RFC 8301 section 3.2; Ed25519, RFC 8463)
// and the key record (RFC 6376 section 3.6.1) that publishes a private key's public half.
#include <string>
#include <string_view>

#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

inline constexpr int kGeneratedRsaBits = 2048;

// A fresh private key of TYPE as unencrypted PKCS#8 PEM. Throws std::runtime_error when
// OpenSSL cannot make one. The result is secret: never log it.
std::string generate_private_key(KeyType type);

// The TXT record text for PRIVATE_PEM's public key: "v=DKIM1; k=rsa; p=<base64 of the
// SubjectPublicKeyInfo>" or "v=DKIM1; k=ed25519; p=<base64 of the raw 32-byte key>"
// (RFC 8463 section 4). Refused: a PEM that is no RSA or Ed25519 private key.
Parsed<std::string> key_record_for(std::string_view private_pem);

// The type of PRIVATE_PEM's key; refused like key_record_for.
Parsed<KeyType> key_type_of(std::string_view private_pem);

}  // namespace carteiro::mailauth::dkim
