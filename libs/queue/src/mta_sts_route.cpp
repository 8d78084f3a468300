#include "carteiro/queue/mta_sts_route.hpp"

#include <algorithm>

namespace carteiro::queue {

std::string mta_sts_policy_name(const std::string& domain) { return "MTA-STS policy of " + domain; }

MtaStsApplied apply_mta_sts(Route route, const std::string& domain, const MtaStsPolicy& policy) {
  MtaStsApplied out;
  if (policy.mode == MtaStsPolicy::Mode::none || route.outcome != Route::Outcome::ok) {
    out.route = std::move(route);
    return out;
  }
  const auto name = mta_sts_policy_name(domain);
  std::string refused;
  for (const auto& host : route.hosts) {
    if (mta_sts_allows(policy, host.name)) continue;
    if (!refused.empty()) refused += ", ";
    refused += host.name;
  }
  if (policy.mode == MtaStsPolicy::Mode::testing) {
    // Section 5: testing mode delivers as if there were no policy; failures are only noted.
    if (!refused.empty()) out.notes.push_back(name + " (testing) does not list MX host(s) " + refused);
    out.route = std::move(route);
    return out;
  }
  std::erase_if(route.hosts, [&policy](const Host& host) { return !mta_sts_allows(policy, host.name); });
  if (route.hosts.empty()) {
    out.route = Route::failure(Route::Outcome::temporary, "4.7.5",
                               name + ": no MX host matches the policy (MX: " + refused + ")");
    return out;
  }
  route.security = RouteSecurity{RouteSecurity::Kind::verified, name};
  out.route = std::move(route);
  return out;
}

}  // namespace carteiro::queue
