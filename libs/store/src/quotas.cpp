#include "carteiro/store/quotas.hpp"

#include <fmt/format.h>

namespace carteiro::store {

namespace {
bool reached(std::int64_t used, const std::optional<std::int64_t>& limit) { return limit && used >= *limit; }
bool within(std::int64_t after, const std::optional<std::int64_t>& limit) { return !limit || after <= *limit; }
std::optional<std::int64_t> optional_integer(Statement& st, int col) {
  return st.is_null(col) ? std::nullopt : std::optional<std::int64_t>(st.integer(col));
}
const char* column(QuotaResource resource) {
  return resource == QuotaResource::storage ? "quota_storage" : "quota_messages";
}
void check_limit(const std::optional<std::int64_t>& limit) {
  if (limit && *limit <= 0) throw UserError("a quota limit must be positive (remove it with \"none\")");
}
}  // namespace

bool AccountQuota::full() const {
  return reached(used.storage, limits.storage) || reached(used.messages, limits.messages);
}

bool AccountQuota::fits(std::int64_t octets, std::int64_t messages) const {
  return within(used.storage + octets, limits.storage) && within(used.messages + messages, limits.messages);
}

bool AccountQuota::never_fits(std::int64_t octets) const { return limits.storage && octets > *limits.storage; }

namespace quotas {

std::optional<AccountQuota> of_account(Db& db, std::int64_t account_id) {
  auto& st = db.query(
      "SELECT a.used_storage, a.used_messages, a.quota_storage, a.quota_messages, d.quota_storage, d.quota_messages "
      "FROM accounts a JOIN domains d ON d.id = a.domain_id WHERE a.id = ?",
      account_id);
  std::optional<AccountQuota> out;
  if (st.step()) {
    AccountQuota q;
    q.used = QuotaUsage{st.integer(0), st.integer(1)};
    q.own = QuotaLimits{optional_integer(st, 2), optional_integer(st, 3)};
    q.domain = QuotaLimits{optional_integer(st, 4), optional_integer(st, 5)};
    q.limits = QuotaLimits{q.own.storage ? q.own.storage : q.domain.storage,
                           q.own.messages ? q.own.messages : q.domain.messages};
    out = q;
  }
  st.reset();
  return out;
}

void set_account_limit(Db& db, std::string_view address, QuotaResource resource, std::optional<std::int64_t> limit) {
  check_limit(limit);
  db.run(fmt::format("UPDATE accounts SET {} = ? WHERE address = ?", column(resource)), limit, address);
  if (db.changes() == 0) throw UserError(fmt::format("no account {}", address));
}

void set_domain_limit(Db& db, std::string_view domain, QuotaResource resource, std::optional<std::int64_t> limit) {
  check_limit(limit);
  db.run(fmt::format("UPDATE domains SET {} = ? WHERE name = ?", column(resource)), limit, domain);
  if (db.changes() == 0) throw UserError(fmt::format("no domain {}", domain));
}

QuotaLimits domain_limits(Db& db, std::string_view domain) {
  auto& st = db.query("SELECT quota_storage, quota_messages FROM domains WHERE name = ?", domain);
  if (!st.step()) {
    st.reset();
    throw UserError(fmt::format("no domain {}", domain));
  }
  QuotaLimits out{optional_integer(st, 0), optional_integer(st, 1)};
  st.reset();
  return out;
}

void require_room(Db& db, std::int64_t account_id, std::int64_t octets, std::int64_t messages) {
  auto quota = of_account(db, account_id);
  if (quota && !quota->fits(octets, messages)) throw QuotaExceeded("Quota exceeded");
}

}  // namespace quotas

}  // namespace carteiro::store
