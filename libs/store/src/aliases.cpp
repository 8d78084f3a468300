#include "carteiro/store/aliases.hpp"

#include <fmt/format.h>

#include "carteiro/common/address.hpp"
#include "carteiro/store/local_addresses.hpp"

namespace carteiro::store::aliases {

void add(Db& db, std::string_view alias, const std::vector<std::string>& targets) {
  std::string full = require_local_address(db, alias).text();
  if (targets.empty()) throw UserError("an alias needs at least one target");
  auto kind = address_kind(db, full);
  if (kind == AddressKind::account || kind == AddressKind::list)
    throw UserError(fmt::format("{} is an account or a list, not an alias", full));
  for (auto& t : targets) {
    auto ta = parse_address(t);
    if (!ta) throw UserError(fmt::format("\"{}\" is not a valid address", t));
    db.run("INSERT OR IGNORE INTO aliases(address, target) VALUES(?, ?)", full, ta->text());
  }
}

void remove(Db& db, std::string_view alias, const std::vector<std::string>& targets) {
  if (targets.empty()) {
    db.run("DELETE FROM aliases WHERE address = ?", alias);
    if (db.changes() == 0) throw UserError(fmt::format("no alias {}", alias));
    return;
  }
  for (auto& t : targets) {
    db.run("DELETE FROM aliases WHERE address = ? AND target = ?", alias, t);
    if (db.changes() == 0) throw UserError(fmt::format("alias {} has no target {}", alias, t));
  }
}

std::vector<std::string> targets(Db& db, std::string_view alias) {
  std::vector<std::string> out;
  auto& st = db.query("SELECT target FROM aliases WHERE address = ? ORDER BY id", alias);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<Alias> list(Db& db) {
  std::vector<Alias> out;
  auto& st = db.prepare("SELECT address, target FROM aliases ORDER BY address, id");
  while (st.step()) {
    auto address = st.text(0);
    if (out.empty() || out.back().address != address) out.push_back(Alias{address, {}});
    out.back().targets.push_back(st.text(1));
  }
  return out;
}

std::vector<std::string> pointing_to(Db& db, std::string_view target) {
  std::vector<std::string> out;
  auto& st = db.query("SELECT address FROM aliases WHERE target = ? ORDER BY address", target);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

std::vector<std::string> owned_by(Db& db, std::string_view target) {
  std::vector<std::string> out;
  auto& st = db.query(
      "SELECT a.address FROM aliases a WHERE a.target = ?1 AND NOT EXISTS "
      "(SELECT 1 FROM aliases b WHERE b.address = a.address AND b.target <> ?1) ORDER BY a.address",
      target);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

}  // namespace carteiro::store::aliases
