#pragma once
// What each tagged argument means, stored into the Tagged of its command or test.
#include <optional>
#include <string>
#include <string_view>

#include "script.hpp"

namespace carteiro::sieve {

// Records tag NAME (with VALUE, the argument after it, when the tag takes one) in TAGGED.
// Returns an error message when the value is not one the RFCs allow (an unknown
// comparator or relational operator, a comparator not required, :index 0, a bad :zone).
std::optional<std::string> apply_tag(std::string_view name, const Argument* value,
                                     const Script& script, Tagged& tagged);

// RFC 5229 section 4.1: puts set modifiers in the order they apply, highest precedence
// first.
void order_modifiers(Tagged& tagged);

}  // namespace carteiro::sieve
