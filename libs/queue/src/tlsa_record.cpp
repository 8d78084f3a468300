#include <cstdint>

#include "carteiro/queue/dns.hpp"

namespace carteiro::queue {

// RFC 6698 section 2.1: Certificate Usage, Selector, Matching Type (one octet each), then
// the certificate association data.
std::optional<TlsaRecord> parse_tlsa_rdata(std::string_view rdata) {
  if (rdata.size() < 4) return std::nullopt;
  TlsaRecord record;
  record.usage = static_cast<std::uint8_t>(rdata[0]);
  record.selector = static_cast<std::uint8_t>(rdata[1]);
  record.matching = static_cast<std::uint8_t>(rdata[2]);
  record.data = std::string(rdata.substr(3));
  return record;
}

}  // namespace carteiro::queue
