#pragma once
// The next hop for a domain: the configured relay, or the domain's MX hosts without
// non-public addresses (unless [queue] allow_private_destinations), remembered for a
// while. The DNS resolver blocks, so lookups run on their own threads.
#include <asio/awaitable.hpp>
#include <asio/thread_pool.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "carteiro/common/config.hpp"
#include "carteiro/queue/dns.hpp"
#include "carteiro/queue/route.hpp"
#include "carteiro/queue/route_cache.hpp"

namespace carteiro::queue {

class RouteLookup {
 public:
  // Throws std::runtime_error when the DNS resolver cannot be set up ([dns] servers).
  explicit RouteLookup(const Config& config);

  // Resumes on the caller's executor; call it from one strand (the cache is not locked).
  // Throws when the lookup itself failed.
  asio::awaitable<Route> route_for(const std::string& domain);

 private:
  const Config& config_;
  asio::thread_pool dns_pool_;
  std::unique_ptr<Resolver> resolver_;
  RouteCache cache_;
  std::mt19937 rng_;
  bool dane_ = false;  // the resolver validates DNSSEC: TLSA records are looked up
  // With the default root trust anchor, the first lookup checks that the resolvers pass
  // DNSSEC records at all (route_lookup.cpp): DANE goes off when they do not.
  std::atomic<bool> root_checked_{true};
  std::once_flag root_check_;
};

}  // namespace carteiro::queue
