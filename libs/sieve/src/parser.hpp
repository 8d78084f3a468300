#pragma once
// The Sieve parser (RFC 5228 section 8.2): tokens to the syntax tree, commands and tests
// with their arguments as written (kinds unresolved, tags still among the arguments);
// the checker (check.hpp) gives them meaning.
#include <cstddef>
#include <optional>
#include <vector>

#include "carteiro/sieve/compile.hpp"
#include "lexer.hpp"
#include "script.hpp"

namespace carteiro::sieve {

struct ParseResult {
  std::vector<Command> commands;
  std::optional<CompileError> error;
};

// MAX_NESTING bounds blocks and nested tests together (Limits::max_nesting).
ParseResult parse(const std::vector<Token>& tokens, std::size_t max_nesting);

}  // namespace carteiro::sieve
