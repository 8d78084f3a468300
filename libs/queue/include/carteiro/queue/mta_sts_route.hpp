#pragma once
// What a recipient domain's MTA-STS policy does to its route (RFC 8461 section 5).
#include <string>
#include <vector>

#include "carteiro/queue/mta_sts_policy.hpp"
#include "carteiro/queue/route.hpp"

namespace carteiro::queue {

struct MtaStsApplied {
  Route route;
  std::vector<std::string> notes;  // testing mode: what enforcing would have refused, for the log
};

// Enforce: only the MX hosts the policy names stay, and they must be reached over
// verified TLS; none left is a temporary failure (section 5.1: "treat the delivery as a
// temporary failure"). Testing: the route as it was, with notes. None: unchanged.
MtaStsApplied apply_mta_sts(Route route, const std::string& domain, const MtaStsPolicy& policy);

// "MTA-STS policy of b.test", the name failures and logs give a policy.
std::string mta_sts_policy_name(const std::string& domain);

}  // namespace carteiro::queue
