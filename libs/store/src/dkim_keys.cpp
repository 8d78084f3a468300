#include "carteiro/store/dkim_keys.hpp"

#include <fmt/format.h>

#include <ctime>

#include "carteiro/common/strings.hpp"
#include "carteiro/store/domains.hpp"

namespace carteiro::store::dkim_keys {

namespace {

constexpr std::string_view kColumns =
    "SELECT k.id, d.name, k.selector, k.algorithm, k.private_pem, k.created_at, k.retired_at, k.delete_at "
    "FROM dkim_keys k JOIN domains d ON d.id = k.domain_id ";

std::optional<std::int64_t> optional_integer(Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.integer(col);
}

DkimKey row(Statement& st) {
  DkimKey key;
  key.id = st.integer(0);
  key.domain = st.text(1);
  key.selector = st.text(2);
  key.algorithm = st.text(3) == "ed25519" ? DkimAlgorithm::ed25519 : DkimAlgorithm::rsa;
  key.private_pem = st.text(4);
  key.created_at = st.integer(5);
  key.retired_at = optional_integer(st, 6);
  key.delete_at = optional_integer(st, 7);
  return key;
}

std::vector<DkimKey> rows(Statement& st) {
  std::vector<DkimKey> out;
  while (st.step()) out.push_back(row(st));
  st.reset();
  return out;
}

std::string utc_date(std::int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool selector_used(Db& db, std::int64_t domain_id, std::string_view selector) {
  auto& st = db.query("SELECT 1 FROM dkim_keys WHERE domain_id = ? AND selector = ?", domain_id, selector);
  bool used = st.step();
  st.reset();
  return used;
}

// Selectors are never reused for a domain while their row exists: a verifier holding the
// old record in its cache would otherwise check new signatures against the old key.
std::string free_selector(Db& db, std::int64_t domain_id, DkimAlgorithm algorithm, std::int64_t now) {
  std::string base = fmt::format("{}-{}", selector_prefix(algorithm), utc_date(now));
  std::string selector = base;
  for (int n = 2; selector_used(db, domain_id, selector); ++n) selector = fmt::format("{}-{}", base, n);
  return selector;
}

}  // namespace

std::string_view algorithm_name(DkimAlgorithm algorithm) { return algorithm == DkimAlgorithm::rsa ? "rsa" : "ed25519"; }
std::string_view selector_prefix(DkimAlgorithm algorithm) { return algorithm == DkimAlgorithm::rsa ? "rsa" : "ed"; }

std::vector<DkimKey> current(Db& db, std::string_view domain) {
  return rows(db.query(std::string(kColumns) + "WHERE d.name = ? AND k.retired_at IS NULL ORDER BY k.algorithm DESC, k.id",
                       to_lower(domain)));
}

std::vector<DkimKey> listed(Db& db, std::string_view domain, std::int64_t now) {
  return rows(db.query(std::string(kColumns) +
                           "WHERE d.name = ? AND (k.retired_at IS NULL OR k.delete_at > ?) "
                           "ORDER BY k.retired_at IS NOT NULL, k.retired_at DESC, k.algorithm DESC, k.id",
                       to_lower(domain), now));
}

std::vector<DkimKey> rotate(Db& db, std::string_view domain, const std::vector<NewDkimKey>& keys, std::int64_t now,
                            std::int64_t grace_seconds) {
  auto d = domains::find(db, to_lower(domain));
  if (!d) throw UserError(fmt::format("no domain {}", domain));
  db.run("UPDATE dkim_keys SET retired_at = ?, delete_at = ? WHERE domain_id = ? AND retired_at IS NULL", now,
         now + grace_seconds, d->id);
  for (const auto& key : keys) {
    db.run("INSERT INTO dkim_keys(domain_id, selector, algorithm, private_pem, created_at) VALUES(?, ?, ?, ?, ?)", d->id,
           free_selector(db, d->id, key.algorithm, now), algorithm_name(key.algorithm), key.private_pem, now);
  }
  return current(db, d->name);
}

std::int64_t prune(Db& db, std::int64_t now) {
  db.run("DELETE FROM dkim_keys WHERE retired_at IS NOT NULL AND delete_at <= ?", now);
  return db.changes();
}

}  // namespace carteiro::store::dkim_keys
