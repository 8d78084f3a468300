#pragma once
// The pieces of the DKIM signer that ARC's sealer uses too (RFC 8617 section 5.1 signs its
// ARC-Message-Signature "like a DKIM-Signature"). Private to the library.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/mime/header.hpp"

#include "dkim_crypto.hpp"

namespace carteiro::mailauth::dkim {

// The private key of KEY, refused unless Ed25519 or RSA of at least kMinSigningRsaBits.
std::variant<Pkey, ParseError> signing_key(const SigningKey& key);

// The h= list for a message with these FIELDS: the fields of section 5.4.1 it holds, the
// most visible ones listed once more than present.
std::vector<std::string> fields_to_sign(const std::vector<mime::RawField>& fields);

// Appends VALUE to OUT folded into lines of at most 72 characters, cut after SEPARATOR (the
// ":" of h=) or anywhere when SEPARATOR is 0 (base64).
void append_folded(std::string& out, std::string_view value, char separator);

std::string join(const std::vector<std::string>& names, char separator);

}  // namespace carteiro::mailauth::dkim
