#pragma once
// SPF (RFC 7208): check_host() over DnsLookup, the two identities a receiver checks
// (MAIL FROM and HELO, section 2) and the Received-SPF header field (section 9.1).
#include <asio/ip/address.hpp>

#include <string>
#include <string_view>

#include "carteiro/mailauth/dns.hpp"

namespace carteiro::mailauth {

// Section 2.6.
enum class SpfResult { none, neutral, pass, fail, softfail, temperror, permerror };

std::string_view spf_result_name(SpfResult result);

struct SpfOutcome {
  SpfResult result = SpfResult::none;
  std::string mechanism;    // the directive that matched, as written ("-all", "ip4:192.0.2.0/24")
  std::string explanation;  // fail only: the domain's exp= text (section 6.2), else empty
  std::string problem;      // temperror, permerror: what went wrong
};

// Section 4.6.4.
inline constexpr int kSpfMaxDnsTerms = 10;
inline constexpr int kSpfMaxVoidLookups = 2;
inline constexpr std::size_t kSpfMaxMxNames = 10;
inline constexpr std::size_t kSpfMaxPtrNames = 10;

// check_host(<ip>, <domain>, <sender>) (section 4); HELO feeds %{h}, RECEIVER feeds %{r}
// in explanations. An IPv4-mapped IPv6 address is evaluated as the IPv4 address it is.
SpfOutcome check_host(DnsLookup& dns, const asio::ip::address& ip, std::string_view domain, std::string_view sender,
                      std::string_view helo, std::string_view receiver = {});

// The MAIL FROM identity (section 2.4): the reverse-path's domain; the null reverse-path
// is checked as postmaster@<helo>.
SpfOutcome spf_for_mail_from(DnsLookup& dns, const asio::ip::address& ip, std::string_view mail_from,
                             std::string_view helo, std::string_view receiver = {});

// The HELO identity (section 2.3), checked as postmaster@<helo>.
SpfOutcome spf_for_helo(DnsLookup& dns, const asio::ip::address& ip, std::string_view helo,
                        std::string_view receiver = {});

enum class SpfIdentity { mailfrom, helo };

struct SpfReceivedSpf {
  SpfOutcome outcome;
  SpfIdentity identity = SpfIdentity::mailfrom;
  asio::ip::address client_ip;
  std::string envelope_from;  // as given in MAIL FROM, empty for <>
  std::string helo;
  std::string receiver;  // this host's name
};

// "Received-SPF: pass (comment) key=value; ..." without the trailing CRLF (section 9.1).
std::string received_spf_field(const SpfReceivedSpf& info);

}  // namespace carteiro::mailauth
