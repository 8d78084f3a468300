#pragma once
// What `carteiro sieve` and the account rule commands share: the account behind an
// address, a script read from a file or stdin, and storing a script only once it compiles
// and fits the [sieve] limits.
#include <cstdint>
#include <string>
#include <string_view>

#include "carteiro/common/config.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::cli {

// UserError: no such account.
std::int64_t account_id(store::Db& db, const std::string& address);
// The whole of PATH, or of stdin for "-".
std::string read_script_file(const std::string& path);
// Stores NAME for ACCOUNT; UserError "NAME: line 3, column 5: ..." when it does not
// compile, or when it is a new script over sieve.max_scripts.
void store_checked_script(store::Db& db, const SieveConfig& limits, std::int64_t account, std::string_view name,
                          std::string_view text);

}  // namespace carteiro::cli
