#pragma once
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Alias {
  std::string address;
  std::vector<std::string> targets;
};

namespace aliases {
// Adds targets to ALIAS (created if new). The alias's domain must be local; targets may be
// anywhere. UserError: malformed, unknown domain, or ALIAS is an account or list.
void add(Db& db, std::string_view alias, const std::vector<std::string>& targets);
// Removes the whole alias, or only the given targets. UserError: unknown.
void remove(Db& db, std::string_view alias, const std::vector<std::string>& targets = {});
std::vector<std::string> targets(Db& db, std::string_view alias);  // empty: not an alias
std::vector<Alias> list(Db& db);
// Aliases that lead to TARGET directly (to check a submission sender's right to an address).
std::vector<std::string> pointing_to(Db& db, std::string_view target);
// Aliases whose only target is TARGET: the addresses its owner may send as (an alias
// shared with others is not one person's to write from).
std::vector<std::string> owned_by(Db& db, std::string_view target);
}  // namespace aliases

}  // namespace carteiro::store
