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

namespace carteiro::queue {

using mailauth::MxRecord;
using mailauth::parse_address_rdata;
using mailauth::parse_mx_rdata;
using mailauth::parse_wire_name;

// ok, nodata, nxdomain (permanent), temporary (try again later).
using mailauth::DnsStatus;

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

}  // namespace carteiro::queue
