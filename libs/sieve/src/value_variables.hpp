#pragma once
// RFC 5229 variables: named variables set by `set`, the match variables ${0}..${9} that a
// successful :matches leaves, and the expansion of "${name}" in string arguments.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match.hpp"

namespace carteiro::sieve {

// RFC 5229 section 6 lets an implementation bound a variable's size (at least 4000
// octets); a bound keeps a script that keeps doubling a variable from exhausting memory.
inline constexpr std::size_t kMaxVariableSize = 64 * 1024;

class Variables {
 public:
  // Names are case-insensitive (section 3).
  void set(std::string_view name, std::string value);
  // "" when the variable was never set.
  const std::string& get(std::string_view name) const;
  // The groups of the :matches that just succeeded (section 3.2).
  void set_matches(Captures captures);
  // Replaces every "${name}" and "${N}" in TEXT, once, left to right; a reference to an
  // unknown variable is "" (section 3), text that is not a reference stays as it is.
  std::string expand(std::string_view text) const;

 private:
  std::unordered_map<std::string, std::string> named_;
  Captures matches_;
};

// RFC 5229 section 4: applies the `set` modifiers in the order of their precedence
// (section 4.1): :lower/:upper, then :lowerfirst/:upperfirst, then :quotewildcard, then
// :length, whatever order MODIFIERS lists them in.
std::string apply_modifiers(std::string value, const std::vector<SetModifier>& modifiers);

// RFC 5229 section 3 identifier: (ALPHA / "_") *(ALPHA / DIGIT / "_").
bool valid_variable_name(std::string_view name);

// Cuts TEXT to at most MAX octets without splitting a UTF-8 character.
std::string truncate_utf8(std::string text, std::size_t max);

}  // namespace carteiro::sieve
