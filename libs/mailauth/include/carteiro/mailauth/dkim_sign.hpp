#pragma once
// DKIM signing (RFC 6376 section 5; RFC 8463 for Ed25519 keys): the DKIM-Signature field to
// put on top of an outgoing message.
#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

// The same for a message held in PIECES, signed where they are (a large body is never
// joined with the rest): every piece but the last is complete header fields (CRLF- or
// LF-ended lines: a copy's own fields, our trace fields), the last holds the rest of the
// header, the blank line and the body. The result equals sign_message of the pieces joined.
Parsed<std::string> sign_message(const std::vector<std::string_view>& pieces, const SigningKey& key, std::int64_t now);

// The body hash of relaxed body canonicalization (section 3.4.4) computed as the body
// arrives, in chunks of any size: bare LF counts as CRLF (as with_crlf makes it), trailing
// empty lines are dropped, an empty body hashes as empty. SHA-256.
class RelaxedBodyHash {
 public:
  RelaxedBodyHash();
  void update(std::string_view chunk);
  std::string finish();  // the raw digest; the object is spent

 private:
  void put(char c);
  void content(char c);
  void end_line();
  void flush();

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
  std::string out_;                 // canonical bytes not yet hashed
  std::size_t empty_lines_ = 0;     // held back: they count only if content follows
  bool line_empty_ = true;
  bool space_ = false;              // a run of WSP seen, written as one SP before content
  bool cr_ = false;                 // a CR seen: the end of the line if LF follows
};

}  // namespace carteiro::mailauth::dkim
