#pragma once
// The MTA-STS policies the queue keeps (schema/0014_mta_sts_policies.sql): one per
// recipient domain, with the TXT id it was fetched for and when it expires.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store::mta_sts_policies {

struct CachedPolicy {
  std::string domain;     // lower case
  std::string policy_id;  // of the _mta-sts TXT record
  std::string policy;     // the policy file as served
  std::int64_t fetched_at = 0;
  std::int64_t expires_at = 0;  // fetched_at + max_age
};

// The policy kept for DOMAIN that has not expired by NOW.
std::optional<CachedPolicy> find(Db& db, std::string_view domain, std::int64_t now);
// Keeps POLICY for its domain, replacing the one kept before.
void remember(Db& db, const CachedPolicy& policy);
// Forgets the policies that expired before NOW; returns how many.
std::int64_t prune(Db& db, std::int64_t now);

}  // namespace carteiro::store::mta_sts_policies
