#include "carteiro/queue/route_cache.hpp"

namespace carteiro::queue {

std::optional<Route> RouteCache::find(const std::string& domain, Clock::time_point now) const {
  auto cached = routes_.find(domain);
  if (cached == routes_.end() || cached->second.expires <= now) return std::nullopt;
  return cached->second.route;
}

void RouteCache::remember(const std::string& domain, const Route& route, Clock::time_point now) {
  if (route.outcome == Route::Outcome::ok) routes_[domain] = Cached{route, now + ttl_};
}

}  // namespace carteiro::queue
