#pragma once
// The Sieve checker: gives the parsed tree its meaning and refuses what the RFCs refuse
// before the script ever runs. Requires first (RFC 5228 section 3.2), then every command
// and test against its signature (check_tables.hpp), its tags sorted into a Tagged, its
// strings decoded (encoded-character) and marked for variable expansion.
#include <optional>

#include "carteiro/sieve/compile.hpp"
#include "script.hpp"

namespace carteiro::sieve {

// SCRIPT holds the parser's commands; fills in extensions, kinds and tagged arguments.
std::optional<CompileError> check(Script& script);

}  // namespace carteiro::sieve
