#include "carteiro/queue/destination.hpp"

#include <cstdint>

#include "carteiro/common/log.hpp"

namespace carteiro::queue {

namespace {

constexpr std::string_view kLoopback = "loopback";
constexpr std::string_view kPrivate = "private";
constexpr std::string_view kLinkLocal = "link-local";
constexpr std::string_view kUnspecified = "unspecified";
constexpr std::string_view kMulticast = "multicast";
constexpr std::string_view kBroadcast = "broadcast";

bool in_v4(std::uint32_t address, std::uint32_t network, unsigned prefix) {
  std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (address & mask) == network;
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }

std::optional<std::string_view> non_public_v4(const asio::ip::address_v4& address) {
  const auto a = address.to_uint();
  if (in_v4(a, v4(0, 0, 0, 0), 8)) return kUnspecified;  // RFC 1122 3.2.1.3 "this network"
  if (in_v4(a, v4(127, 0, 0, 0), 8)) return kLoopback;
  if (in_v4(a, v4(10, 0, 0, 0), 8) || in_v4(a, v4(172, 16, 0, 0), 12) || in_v4(a, v4(192, 168, 0, 0), 16))
    return kPrivate;  // RFC 1918
  if (in_v4(a, v4(169, 254, 0, 0), 16)) return kLinkLocal;  // RFC 3927
  if (in_v4(a, v4(224, 0, 0, 0), 4)) return kMulticast;
  if (a == v4(255, 255, 255, 255)) return kBroadcast;
  return std::nullopt;
}

std::optional<std::string_view> non_public_v6(const asio::ip::address_v6& address) {
  if (address.is_v4_mapped()) return non_public_v4(asio::ip::make_address_v4(asio::ip::v4_mapped, address));
  if (address.is_unspecified()) return kUnspecified;
  if (address.is_loopback()) return kLoopback;
  const auto bytes = address.to_bytes();
  if ((bytes[0] & 0xfe) == 0xfc) return kPrivate;                      // RFC 4193 fc00::/7
  if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return kLinkLocal;  // fe80::/10
  if (bytes[0] == 0xff) return kMulticast;
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> non_public_kind(const asio::ip::address& address) {
  return address.is_v4() ? non_public_v4(address.to_v4()) : non_public_v6(address.to_v6());
}

Route drop_non_public_destinations(Route route, std::string_view domain) {
  if (route.outcome != Route::Outcome::ok) return route;
  std::string refused;
  for (auto& host : route.hosts) {
    std::erase_if(host.addresses, [&](const asio::ip::address& address) {
      auto kind = non_public_kind(address);
      if (!kind) return false;
      log::warn("queue: not connecting to {}[{}] for {}: {} address ([queue] allow_private_destinations is off)",
                host.name, address.to_string(), domain, *kind);
      if (!refused.empty()) refused += ", ";
      refused += host.name + "[" + address.to_string() + "] " + std::string(*kind);
      return true;
    });
  }
  std::erase_if(route.hosts, [](const Host& host) { return host.addresses.empty(); });
  if (route.hosts.empty())
    return Route::failure(Route::Outcome::permanent, "5.4.4",
                          "MX of " + std::string(domain) + " points to a non-public address (" + refused +
                              "); not delivering there");
  return route;
}

}  // namespace carteiro::queue
