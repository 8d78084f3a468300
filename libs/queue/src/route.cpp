#include "carteiro/queue/route.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

using Outcome = Route::Outcome;

// RFC 5321 section 4.1.3: address-literal = "[" ( IPv4-address-literal /
// IPv6-address-literal / General-address-literal ) "]".
std::optional<asio::ip::address> address_literal(std::string_view domain) {
  if (domain.size() < 3 || domain.front() != '[' || domain.back() != ']') return std::nullopt;
  auto inner = std::string(domain.substr(1, domain.size() - 2));
  if (istarts_with(inner, "IPv6:")) inner = inner.substr(5);
  else if (inner.find(':') != std::string::npos) return std::nullopt;
  asio::error_code ec;
  auto address = asio::ip::make_address(inner, ec);
  if (ec) return std::nullopt;
  return address;
}

Route temporary_dns(std::string_view name, const std::string& error) {
  return Route::failure(Outcome::temporary, "4.4.3",
                        "DNS lookup for " + std::string(name) + " failed (" + error + "), will try again");
}

Route unknown_domain(std::string_view domain) {
  return Route::failure(Outcome::permanent, "5.1.2",
                        "domain " + std::string(domain) + " does not exist (DNS NXDOMAIN)");
}

// One host by name: its A/AAAA records.
Route single_host(Resolver& resolver, const std::string& name, bool implicit_mx) {
  auto answer = resolver.addresses(name);
  if (answer.status == DnsStatus::ok && !answer.addresses.empty()) {
    Route route;
    route.hosts.push_back(Host{name, std::move(answer.addresses)});
    return route;
  }
  if (answer.status == DnsStatus::temporary) return temporary_dns(name, answer.error);
  if (implicit_mx && answer.status == DnsStatus::nxdomain) return unknown_domain(name);
  if (implicit_mx)
    return Route::failure(Outcome::permanent, "5.1.2", "domain " + name + " has no MX and no address record");
  return Route::failure(Outcome::temporary, "4.4.3", "host " + name + " has no address record");
}

}  // namespace

std::string Route::key() const {
  std::string out;
  for (const auto& host : hosts) {
    out += host.name;
    if (host.dane.kind != HostDane::Kind::none) out += "+dane";
    out += '|';
  }
  // A policy's sessions are not shared with opportunistic ones to the same hosts.
  if (security.kind == RouteSecurity::Kind::verified) out += security.policy;
  return out;
}

Route Route::failure(Outcome outcome, std::string status, std::string reason) {
  Route route;
  route.outcome = outcome;
  route.status = std::move(status);
  route.reason = std::move(reason);
  return route;
}

std::vector<MxRecord> order_mx(std::vector<MxRecord> records, std::string_view local_hostname, std::mt19937& rng) {
  std::shuffle(records.begin(), records.end(), rng);
  std::stable_sort(records.begin(), records.end(),
                   [](const MxRecord& a, const MxRecord& b) { return a.preference < b.preference; });
  auto self = std::find_if(records.begin(), records.end(),
                           [&](const MxRecord& r) { return !local_hostname.empty() && iequals(r.host, local_hostname); });
  if (self != records.end()) {
    auto limit = self->preference;
    std::erase_if(records, [limit](const MxRecord& r) { return r.preference >= limit; });
  }
  return records;
}

bool is_null_mx(const std::vector<MxRecord>& records) { return records.size() == 1 && records.front().host.empty(); }

Route route_by_mx(Resolver& resolver, std::string_view domain, std::string_view local_hostname, std::mt19937& rng) {
  if (auto literal = address_literal(domain)) {
    Route route;
    route.hosts.push_back(Host{std::string(domain), {*literal}});
    return route;
  }
  auto name = to_lower(domain);
  auto answer = resolver.mx(name);
  switch (answer.status) {
    case DnsStatus::nxdomain:
      return unknown_domain(name);
    case DnsStatus::temporary:
      return temporary_dns(name, answer.error);
    case DnsStatus::nodata:
      return single_host(resolver, name, true);
    case DnsStatus::ok:
      break;
  }
  if (answer.records.empty()) return single_host(resolver, name, true);
  if (is_null_mx(answer.records))
    return Route::failure(Outcome::permanent, "5.1.10", "domain " + name + " does not accept mail (null MX, RFC 7505)");
  // A root exchange next to real ones is a misconfiguration: skip it, use the others.
  std::erase_if(answer.records, [](const MxRecord& r) { return r.host.empty(); });
  auto ordered = order_mx(std::move(answer.records), local_hostname, rng);
  if (ordered.empty())
    return Route::failure(Outcome::permanent, "5.4.6", "mail for " + name + " loops back to myself (MX points here)");
  Route route;
  std::string temporary_error;
  for (auto& mx : ordered) {
    auto host = resolver.addresses(mx.host);
    if (host.status == DnsStatus::ok && !host.addresses.empty())
      route.hosts.push_back(Host{mx.host, std::move(host.addresses)});
    else if (temporary_error.empty())
      temporary_error = mx.host + ": " + (host.error.empty() ? "no address record" : host.error);
  }
  if (route.hosts.empty()) return temporary_dns(name, "no MX host has an address; " + temporary_error);
  return route;
}

Route route_to_relay(Resolver& resolver, const std::string& relay_host) {
  asio::error_code ec;
  auto address = asio::ip::make_address(relay_host, ec);
  if (!ec) {
    Route route;
    route.hosts.push_back(Host{relay_host, {address}});
    return route;
  }
  if (auto literal = address_literal(relay_host)) {
    Route route;
    route.hosts.push_back(Host{relay_host, {*literal}});
    return route;
  }
  // Not an implicit MX: a relay that does not resolve is a temporary failure (our own
  // configuration, never the recipient's fault).
  return single_host(resolver, to_lower(relay_host), false);
}

}  // namespace carteiro::queue
