#pragma once
// SRV records (RFC 2782): where a client finds a service (RFC 6186 and RFC 8314 for mail).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::mailauth {

struct SrvRecord {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;  // lower case, no trailing dot; "" is "." (RFC 2782: the service is not offered)
  bool operator==(const SrvRecord&) const = default;
};

// RFC 2782: RDATA = PRIORITY WEIGHT PORT (16 bits each) TARGET (an uncompressed domain
// name filling the rest). nullopt for anything else.
std::optional<SrvRecord> parse_srv_rdata(std::string_view rdata);

}  // namespace carteiro::mailauth
