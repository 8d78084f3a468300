#pragma once
// DNS answers as the queue needs them and the resolver interface (blocking: callers run
// it off the I/O threads). The wire decoding is mailauth's, shared with sender checks.
#include <asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/dns.hpp"
#include "carteiro/mailauth/dns_wire.hpp"
#include "carteiro/mailauth/unbound_lookup.hpp"

namespace carteiro::queue {

using mailauth::MxRecord;
using mailauth::parse_address_rdata;
using mailauth::parse_mx_rdata;
using mailauth::parse_wire_name;

// ok, nodata, nxdomain (permanent), temporary (try again later).
using mailauth::DnsStatus;
using mailauth::DnssecStatus;

struct MxAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<MxRecord> records;
  std::string error;  // for temporary / nxdomain: what the resolver said
  DnssecStatus security = DnssecStatus::insecure;
};

struct AddressAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<asio::ip::address> addresses;  // A and AAAA
  std::string error;
  DnssecStatus security = DnssecStatus::insecure;  // secure only when every RRset asked is
};

// RFC 6698 section 2.1: one TLSA record.
struct TlsaRecord {
  std::uint8_t usage = 0;     // 2 DANE-TA, 3 DANE-EE (RFC 7218 names)
  std::uint8_t selector = 0;  // 0 the full certificate, 1 its SubjectPublicKeyInfo
  std::uint8_t matching = 0;  // 0 exact, 1 SHA-256, 2 SHA-512
  std::string data;           // binary
  bool operator==(const TlsaRecord&) const = default;
};
std::optional<TlsaRecord> parse_tlsa_rdata(std::string_view rdata);

struct TlsaAnswer {
  DnsStatus status = DnsStatus::nodata;
  std::vector<TlsaRecord> records;
  std::string error;
  DnssecStatus security = DnssecStatus::insecure;
};

// A resolver that blocks: run it through offload() on a thread pool.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual MxAnswer mx(const std::string& domain) = 0;
  virtual AddressAnswer addresses(const std::string& host) = 0;
  // The TLSA records at NAME ("_25._tcp.mx.example.net"); a resolver that does not
  // validate DNSSEC has none worth using (DANE needs secure answers).
  virtual TlsaAnswer tlsa(const std::string& name) {
    (void)name;
    return {};
  }
};

}  // namespace carteiro::queue
