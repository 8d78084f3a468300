#pragma once
// DKIM verification (RFC 6376 section 6, RFC 8463 for ed25519-sha256): every
// DKIM-Signature field of a message gets a result, with what Authentication-Results
// reports (RFC 8601 section 2.7.1).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/dns.hpp"

namespace carteiro::mailauth::dkim {

// At most this many signatures of one message are checked (each costs a DNS lookup);
// the others are reported neutral.
inline constexpr std::size_t kMaxSignatures = 8;
// RFC 8301 section 3.2: RSA keys below this size are not accepted.
inline constexpr int kMinRsaBits = 1024;

enum class Status { pass, fail, neutral, temperror, permerror };
std::string_view status_name(Status status);  // as Authentication-Results writes it

struct Result {
  Status status = Status::permerror;
  std::string reason;  // empty on pass
  std::string domain;     // d=
  std::string selector;   // s=
  std::string algorithm;  // a=
  std::string identity;   // i=
  std::string signature;  // b=, without whitespace (header.b takes a prefix: RFC 6008)
  bool testing = false;   // the key says t=y: a failure is reported neutral
  // l= covers less than the body: content was added or left unsigned after it, which a
  // caller should treat as not fully signed.
  bool content_beyond_length = false;
  // Fields named in h= that the message holds more often than h= lists them: those above
  // the signed ones are unsigned (section 8.15; "from" here must make DMARC refuse).
  std::vector<std::string> unsigned_fields;
};

// MESSAGE as received (CRLF or LF line ends); NOW in seconds since the epoch, for x=.
std::vector<Result> verify_message(std::string_view message, DnsLookup& dns, std::int64_t now);

}  // namespace carteiro::mailauth::dkim
