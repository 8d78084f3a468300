#pragma once
// The Sender Rewriting Scheme, in the SRS0/SRS1 forms of Shevek's scheme (libsrs2 and
// postsrsd use them). A message one of our accounts redirects to another domain leaves
// with an envelope sender in the account's domain, so the destination's SPF check sees a
// sender we may send for; a bounce to that address comes back here, is checked and goes
// on to the original sender. Pure: the caller supplies the secret and the time.
//
//   SRS0=HHHH=TT=orig-domain=orig-local@forwarder-domain
//   SRS1=HHHH=first-forwarder==HHHH=TT=orig-domain=orig-local@forwarder-domain
//
// HHHH: the first 4 base64 characters of HMAC-SHA1(secret, the fields after it, lower-
// cased, one after another); TT: the day number modulo 1024 in two base32 characters.
// An SRS0 address forwarded again becomes SRS1: it keeps the first forwarder's part as it
// is, so a bounce goes straight back to the first forwarder, who checks its own part.
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/common/address.hpp"

namespace carteiro::delivery {

inline constexpr int kSrsMaxAgeDays = 21;  // a bounce may come back this long after a forward

enum class SrsStatus {
  not_srs,  // no SRS0= or SRS1= local part: an ordinary address
  ok,       // ORIGINAL is where the bounce goes
  forged,   // malformed, or the hash is not ours
  expired,  // SRS0 older than the maximum age
};

struct SrsReversal {
  SrsStatus status = SrsStatus::not_srs;
  std::string original;
};

class Srs {
 public:
  explicit Srs(std::string secret, int max_age_days = kSrsMaxAgeDays);
  // The envelope sender for a forward by DOMAIN at NOW (seconds since the epoch). The null
  // sender stays null, and a sender already in DOMAIN needs no rewriting.
  std::string forward(std::string_view sender, std::string_view domain, std::int64_t now) const;
  // ADDRESS (in one of our domains) read back: whom a bounce to it goes to.
  SrsReversal reverse(const Address& address, std::int64_t now) const;

 private:
  std::string hash(std::initializer_list<std::string_view> fields) const;
  bool hash_matches(std::string_view given, std::initializer_list<std::string_view> fields) const;

  std::string secret_;
  int max_age_days_;
};

// "SRS0=..." or "SRS1=..." (case-insensitive): a local part in the scheme's form.
bool is_srs_local_part(std::string_view local);

}  // namespace carteiro::delivery
