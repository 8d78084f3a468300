#pragma once
// DNS answers as the queue needs them, the resolver interface (blocking: callers run it
// off the I/O threads), and the decoding of record data from the wire. The decoding does
// no I/O and is tested with wire bytes.
#include <asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::queue {

struct MxRecord {
  std::uint16_t preference = 0;
  std::string host;  // lower case, no trailing dot; "" is the root "." (a null MX)
  bool operator==(const MxRecord&) const = default;
};

enum class DnsStatus {
  ok,         // records in the answer
  nodata,     // the name exists but has no record of this type
  nxdomain,   // the name does not exist (RCODE 3): permanent
  temporary,  // SERVFAIL, timeout, no server reachable: try again later
};

struct MxAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<MxRecord> records;
  std::string error;  // for temporary / nxdomain: what the resolver said
};

struct AddressAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<asio::ip::address> addresses;  // A and AAAA
  std::string error;
};

// A resolver that blocks: run it through offload() on a thread pool.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual MxAnswer mx(const std::string& domain) = 0;
  virtual AddressAnswer addresses(const std::string& host) = 0;
};

// RFC 1035 section 3.1: a domain name as a sequence of length-prefixed labels ending in
// the zero-length root label. Compression pointers (section 4.1.4) are not expected in
// record data handed out by the resolver library and are rejected. Reads from POS and
// advances it; returns the name in lower case without the trailing dot ("" for the root).
std::optional<std::string> parse_wire_name(std::string_view wire, std::size_t& pos);
// RFC 1035 section 3.3.9: MX RDATA = PREFERENCE (16 bits) EXCHANGE (a domain name).
std::optional<MxRecord> parse_mx_rdata(std::string_view rdata);
// RFC 1035 section 3.4.1 (A, 4 octets) and RFC 3596 section 2.2 (AAAA, 16 octets).
std::optional<asio::ip::address> parse_address_rdata(std::string_view rdata);

}  // namespace carteiro::queue
