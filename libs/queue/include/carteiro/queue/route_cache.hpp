#pragma once
// Routes found recently, so that the recipients of a burst of mail to one domain cost one
// DNS lookup. Only usable routes are kept: a failure is looked up again next time. Pure:
// the caller gives the time.
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "carteiro/queue/route.hpp"

namespace carteiro::queue {

class RouteCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RouteCache(Clock::duration ttl) : ttl_(ttl) {}

  // DOMAIN's route if one was remembered less than the TTL before NOW.
  std::optional<Route> find(const std::string& domain, Clock::time_point now) const;
  // Keeps ROUTE for DOMAIN from NOW on, when it is usable (Route::Outcome::ok).
  void remember(const std::string& domain, const Route& route, Clock::time_point now);

 private:
  struct Cached {
    Route route;
    Clock::time_point expires;
  };
  Clock::duration ttl_;
  std::map<std::string, Cached> routes_;
};

}  // namespace carteiro::queue
