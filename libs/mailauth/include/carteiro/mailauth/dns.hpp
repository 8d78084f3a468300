#pragma once
// The DNS lookups sender authentication needs (SPF: TXT, A, AAAA, MX, PTR; DKIM and DMARC:
// TXT), as an interface: evaluation is tested on fixed answers, and the daemon answers it
// with libunbound. Blocking: the MX runs evaluations off its I/O threads.
#include <asio/ip/address.hpp>

#include <string>
#include <vector>

namespace carteiro::mailauth {

enum class DnsStatus {
  ok,         // records in the answer
  nodata,     // the name exists but has no record of this type
  nxdomain,   // the name does not exist (RCODE 3)
  temporary,  // SERVFAIL, timeout, no server reachable
};

struct TxtAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<std::string> records;  // each record's character-strings joined (RFC 7208 3.3)
  std::string error;
};

struct AddressAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<asio::ip::address> addresses;
  std::string error;
};

struct NameAnswer {
  DnsStatus status = DnsStatus::temporary;
  std::vector<std::string> names;  // lower case, no trailing dot; MX: by preference
  std::string error;
};

class DnsLookup {
 public:
  virtual ~DnsLookup() = default;
  virtual TxtAnswer txt(const std::string& name) = 0;
  virtual AddressAnswer a(const std::string& name) = 0;
  virtual AddressAnswer aaaa(const std::string& name) = 0;
  virtual NameAnswer mx(const std::string& name) = 0;
  virtual NameAnswer ptr(const asio::ip::address& address) = 0;
};

}  // namespace carteiro::mailauth
