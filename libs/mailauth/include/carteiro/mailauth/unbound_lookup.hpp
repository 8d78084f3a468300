#pragma once
// DNS over libunbound: one resolver context (configured from `[dns] servers`) that hands
// out raw record data, and the DnsLookup sender authentication asks. Blocking calls
// (ub_resolve), safe from several threads at once: never run them on an I/O thread.
#include <string>
#include <vector>

#include "carteiro/mailauth/dns.hpp"

struct ub_ctx;

namespace carteiro::mailauth {

// RFC 1035 section 3.2.2 and RFC 3596 section 2.1: the record types asked for.
namespace dns_type {
inline constexpr int a = 1;
inline constexpr int ptr = 12;
inline constexpr int mx = 15;
inline constexpr int txt = 16;
inline constexpr int aaaa = 28;
inline constexpr int srv = 33;  // RFC 2782
inline constexpr int dnskey = 48;  // RFC 4034 section 2
inline constexpr int tlsa = 52;  // RFC 6698 section 7.1
}  // namespace dns_type

// What DNSSEC validation (RFC 4035 section 4.3) made of an answer: secure (a chain of
// signatures from a trust anchor), insecure (provably unsigned, or no trust anchor
// configured), bogus (signed, but the signatures do not hold: treat as a failure).
enum class DnssecStatus { insecure, secure, bogus };

// One record set as the resolver returned it: each record's RDATA undecoded.
struct RawDnsAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<std::string> rdata;
  std::string error;  // temporary, nxdomain: what the resolver said
  DnssecStatus security = DnssecStatus::insecure;  // bogus answers have status temporary
};

class UnboundContext {
 public:
  // SERVERS as in `[dns] servers`: each "IP" or "IP@PORT" (libunbound's own notation,
  // e.g. "127.0.0.1@5353", "::1@53"), tried as backups of each other. Empty: the
  // nameservers of /etc/resolv.conf. Throws std::runtime_error naming a bad entry.
  explicit UnboundContext(const std::vector<std::string>& servers);
  // Validating DNSSEC from the trust anchors of TRUST_ANCHOR_FILE (zone file format: DS or
  // DNSKEY records, e.g. Debian's /usr/share/dns/root.key); empty: no validation, every
  // answer insecure. Throws std::runtime_error when the file cannot be used.
  UnboundContext(const std::vector<std::string>& servers, const std::string& trust_anchor_file);
  ~UnboundContext();
  UnboundContext(const UnboundContext&) = delete;
  UnboundContext& operator=(const UnboundContext&) = delete;

  // Class IN records of TYPE (see dns_type) at NAME.
  RawDnsAnswer query(const std::string& name, int type);
  bool validating() const { return validating_; }

 private:
  ub_ctx* ctx_ = nullptr;
  bool validating_ = false;
};

class UnboundLookup : public DnsLookup {
 public:
  explicit UnboundLookup(const std::vector<std::string>& servers) : context_(servers) {}

  TxtAnswer txt(const std::string& name) override;
  AddressAnswer a(const std::string& name) override;
  AddressAnswer aaaa(const std::string& name) override;
  NameAnswer mx(const std::string& name) override;
  NameAnswer ptr(const asio::ip::address& address) override;

 private:
  UnboundContext context_;
};

}  // namespace carteiro::mailauth
