#include "carteiro/store/mta_sts_policies.hpp"

namespace carteiro::store::mta_sts_policies {

std::optional<CachedPolicy> find(Db& db, std::string_view domain, std::int64_t now) {
  auto& st = db.query(
      "SELECT domain, policy_id, policy, fetched_at, expires_at FROM mta_sts_policies "
      "WHERE domain = ? AND expires_at > ?",
      domain, now);
  std::optional<CachedPolicy> out;
  if (st.step()) out = CachedPolicy{st.text(0), st.text(1), st.text(2), st.integer(3), st.integer(4)};
  st.reset();
  return out;
}

void remember(Db& db, const CachedPolicy& policy) {
  db.run("INSERT INTO mta_sts_policies(domain, policy_id, policy, fetched_at, expires_at) VALUES(?, ?, ?, ?, ?) "
         "ON CONFLICT(domain) DO UPDATE SET policy_id = excluded.policy_id, policy = excluded.policy, "
         "fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
         policy.domain, policy.policy_id, policy.policy, policy.fetched_at, policy.expires_at);
}

std::int64_t prune(Db& db, std::int64_t now) {
  db.run("DELETE FROM mta_sts_policies WHERE expires_at <= ?", now);
  return db.changes();
}

}  // namespace carteiro::store::mta_sts_policies
