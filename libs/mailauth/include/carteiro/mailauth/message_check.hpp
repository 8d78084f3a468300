#pragma once
// Everything the MX establishes about one received message (SPF for HELO and MAIL FROM,
// DKIM, DMARC, ARC), and the header fields that record it: one Authentication-Results
// field (RFC 8601) under this server's authserv-id.
#include <asio/ip/address.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"
#include "carteiro/mailauth/dmarc.hpp"
#include "carteiro/mailauth/dns.hpp"
#include "carteiro/mailauth/spf.hpp"

namespace carteiro::mailauth {

struct MessageCheckInput {
  asio::ip::address client_ip;  // unspecified (0.0.0.0): SPF is not run, both results none
  std::string helo;
  std::string mail_from;  // as given in MAIL FROM, "" for <>
  std::string receiver;   // this server's hostname: SPF's %{r}, the authserv-id
  std::int64_t now = 0;   // seconds since the epoch (DKIM x=, ARC)
  int dmarc_sample = 0;   // [0,100), drawn at random by the caller (pct=)
};

struct MessageVerdict {
  SpfOutcome spf_helo;
  SpfOutcome spf_mail_from;
  std::vector<dkim::Result> dkim;
  dmarc::Outcome dmarc;
  arc::ChainResult arc;
};

// Blocking (DNS): run it off the I/O threads.
MessageVerdict check_message(DnsLookup& dns, const dmarc::PublicSuffixList& psl, const MessageCheckInput& input,
                             std::string_view message);

// "Authentication-Results: <authserv-id>; spf=... smtp.mailfrom=...; dkim=... header.d=...
// header.s=... header.b=...; dmarc=... header.from=...; arc=..." folded, ending in CRLF
// (RFC 8601 section 2.2; methods and ptypes from the IANA registry, section 6).
std::string authentication_results_field(std::string_view authserv_id, const MessageCheckInput& input,
                                         const MessageVerdict& verdict);

// RFC 8601 section 5: an Authentication-Results field VALUE (everything after the colon)
// whose authserv-id is AUTHSERV_ID (compared without case); such fields arriving from
// outside are forgeries and are removed before ours is added.
bool claims_authserv_id(std::string_view field_value, std::string_view authserv_id);

}  // namespace carteiro::mailauth
