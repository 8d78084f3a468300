#pragma once
// Rules of single commands and tests that their signatures cannot say: header field
// names, variable names, date-parts, envelope parts, which tags need which.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/sieve/compile.hpp"
#include "script.hpp"

namespace carteiro::sieve {

// TAGS: the tags the command or test was given (names without the colon).
std::optional<CompileError> command_rules(Command& command, const std::vector<std::string>& tags);
std::optional<CompileError> test_rules(Test& test, const std::vector<std::string>& tags);

// field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 section 3.6.8).
bool is_header_name(std::string_view name);

}  // namespace carteiro::sieve
