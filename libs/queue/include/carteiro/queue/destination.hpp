#pragma once
// Which addresses the outbound queue may connect to. An MX or A/AAAA record is data from
// whoever runs the recipient's domain: pointed at 127.0.0.1, 10.0.0.5 or fe80::1 it would
// turn the queue into a way to reach services inside our own network (SSRF). Postfix
// calls the like of this "MX points to a private address".
#include <asio/ip/address.hpp>

#include <optional>
#include <string_view>

#include "carteiro/queue/route.hpp"

namespace carteiro::queue {

// Why ADDRESS is no destination on the public internet: "loopback", "private" (RFC 1918,
// RFC 4193 fc00::/7), "link-local" (169.254/16, fe80::/10), "unspecified" (0.0.0.0/8, ::),
// "multicast", "broadcast"; nullopt for a public address. IPv4-mapped IPv6 addresses
// count as their IPv4 address.
std::optional<std::string_view> non_public_kind(const asio::ip::address& address);

// Takes the non-public addresses out of ROUTE (the route of DOMAIN by MX), logging each.
// Hosts with no address left are skipped like unreachable ones; when no host is left the
// route is a permanent failure, 5.4.4 (RFC 3463: unable to route), so the sender gets a
// DSN at once instead of days of retries that cannot succeed.
Route drop_non_public_destinations(Route route, std::string_view domain);

}  // namespace carteiro::queue
