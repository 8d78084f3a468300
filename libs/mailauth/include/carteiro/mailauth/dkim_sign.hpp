#pragma once
// DKIM signing (RFC 6376 section 5; RFC 8463 for Ed25519 keys): the DKIM-Signature field to
// put on top of an outgoing message.
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

struct SigningKey {
  std::string domain;       // d=
  std::string selector;     // s=
  std::string private_pem;  // RSA (at least kMinSigningRsaBits) or Ed25519, PEM
};

inline constexpr int kMinSigningRsaBits = 1024;

// The whole field, "DKIM-Signature: ..." folded, ending in CRLF: relaxed/relaxed, t=NOW,
// the fields of section 5.4.1 that MESSAGE holds, From, To, Subject and Date listed once
// more than present (so a copy added later breaks the signature). Refused: no From, or a
// key that cannot sign.
Parsed<std::string> sign_message(std::string_view message, const SigningKey& key, std::int64_t now);

}  // namespace carteiro::mailauth::dkim
