#include "route_lookup.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "carteiro/common/log.hpp"
#include "carteiro/common/offload.hpp"
#include "carteiro/queue/dane.hpp"
#include "carteiro/queue/destination.hpp"
#include "carteiro/queue/unbound_resolver.hpp"

namespace carteiro::queue {

namespace {

constexpr unsigned kDnsThreads = 2;
constexpr std::chrono::seconds kRouteCacheTtl{30};

// The configured trust anchor file; the default only when it exists (dns-root-data).
std::string trust_anchor_file(const Config& config) {
  const auto& file = config.dns.trust_anchor_file;
  if (file == kDebianRootTrustAnchor && !std::filesystem::exists(file)) return {};
  return file;
}

}  // namespace

RouteLookup::RouteLookup(const Config& config)
    : config_(config),
      dns_pool_(kDnsThreads),
      resolver_(std::make_unique<UnboundResolver>(config.dns.servers, trust_anchor_file(config))),
      cache_(kRouteCacheTtl),
      rng_(std::random_device{}()) {
  dane_ = static_cast<UnboundResolver&>(*resolver_).validating();
  root_checked_ = !(dane_ && config.dns.trust_anchor_file == kDebianRootTrustAnchor);
  if (config.relay.host.empty())
    log::info("queue: DANE {}", dane_ ? "on (DNSSEC trust anchor " + config.dns.trust_anchor_file + ")"
                                      : std::string("off (no DNSSEC trust anchor)"));
}

asio::awaitable<Route> RouteLookup::route_for(const std::string& domain) {
  auto now = RouteCache::Clock::now();
  if (auto cached = cache_.find(domain, now)) co_return *cached;
  if (!root_checked_) {
    // A resolver that strips signatures (some container and home-router resolvers) makes
    // every answer bogus under the root trust anchor, and all outbound mail would wait:
    // the root zone's DNSKEY must validate, or DANE is off (done once, on a DNS thread).
    auto check = [this] {
      std::call_once(root_check_, [this] {
        if (!static_cast<UnboundResolver&>(*resolver_).root_validates()) {
          log::warn("queue: DANE off: the DNS resolvers ({}) give no DNSSEC-validated answer for the root zone; "
                    "[dns] servers must pass DNSSEC records for DANE",
                    config_.dns.servers.empty() ? std::string("/etc/resolv.conf") : fmt::format("{}", fmt::join(config_.dns.servers, ", ")));
          resolver_ = std::make_unique<UnboundResolver>(config_.dns.servers);
          dane_ = false;
        }
        root_checked_ = true;
      });
    };
    co_await offload(dns_pool_, std::move(check));
  }
  auto* resolver = resolver_.get();
  auto seed = rng_();
  auto lookup = [resolver, domain, seed, local = config_.hostname, relay = config_.relay.host,
                 allow_private = config_.queue.allow_private_destinations, dane = dane_,
                 port = config_.queue.remote_port]() {
    std::mt19937 rng(seed);
    if (!relay.empty()) return route_to_relay(*resolver, relay);  // configured: may be private
    auto route = route_by_mx(*resolver, domain, local, rng);
    if (!allow_private) route = drop_non_public_destinations(std::move(route), domain);
    if (dane) look_up_dane(*resolver, domain, port, route);
    return route;
  };
  // libunbound blocks: its calls run on their own threads, never on an I/O thread.
  Route route = co_await offload(dns_pool_, std::move(lookup));
  cache_.remember(domain, route, now);
  co_return route;
}

}  // namespace carteiro::queue
