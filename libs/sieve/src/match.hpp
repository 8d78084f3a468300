#pragma once
// How Sieve compares strings: comparators (RFC 5228 section 2.7.3, RFC 4790 section 9),
// match types :is :contains :matches (RFC 5228 section 2.7.1) and the relational
// :value and :count (RFC 5231). Every comparison a test makes goes through match_any().
#include <string>
#include <string_view>
#include <vector>

#include "script.hpp"

namespace carteiro::sieve {

// The substrings :matches captured: [0] the whole value, then one per wildcard in the
// pattern, in order (RFC 5229 section 3.2).
using Captures = std::vector<std::string>;

// The octets one run may compare, over all its tests: a script can test a large message
// many times, and a pattern segment with "?" is searched in time proportional to text
// length times segment length. Spent ahead of each comparison by its upper bound; running
// out is a run-time error (RuntimeError), so a run always ends soon.
class WorkBudget {
 public:
  explicit WorkBudget(std::size_t octets) : left_(octets) {}
  void spend(std::size_t octets);

 private:
  std::size_t left_;
};

// RFC 4790 section 9: equality and ordering under a comparator. For i;ascii-numeric a
// string is the number its leading digits spell, and a string that does not start with a
// digit is positive infinity (section 9.1.1).
bool equal(Comparator comparator, std::string_view a, std::string_view b);
// <0, 0, >0 as A orders before, with, after B.
int order(Comparator comparator, std::string_view a, std::string_view b);
bool holds(Relation relation, int ordering);

// KEY occurs in VALUE (an empty key always does). Linear in the value's length.
bool contains(Comparator comparator, std::string_view value, std::string_view key);

// RFC 5228 section 2.7.1 wildcards: "*" any run of characters, "?" one UTF-8 character,
// "\" makes the next character literal. Each "*" takes as little as it can (the capture
// examples of RFC 5229 section 3.2); no backtracking: the text between two stars is
// searched for at its leftmost place, which is always a place a match can continue from.
bool wildcard_match(Comparator comparator, std::string_view value, std::string_view pattern,
                    Captures* captures = nullptr, WorkBudget* budget = nullptr);

// Pattern text with its wildcards escaped (the variables :quotewildcard modifier).
std::string quote_wildcards(std::string_view text);

struct Matcher {
  MatchType type = MatchType::is;
  Comparator comparator = Comparator::ascii_casemap;
  Relation relation = Relation::eq;  // for :value and :count
  WorkBudget* budget = nullptr;      // none: unbounded
};

// The test's verdict for values VALUES against keys KEYS: true when some value matches
// some key (RFC 5228 section 2.7), or, for :count, when the number of values stands in the
// relation to some key (RFC 5231 section 4.2). On a :matches success CAPTURES receives the
// groups of the first pair that matched.
bool match_any(const Matcher& matcher, const std::vector<std::string>& values,
               const std::vector<std::string>& keys, Captures* captures = nullptr);

}  // namespace carteiro::sieve
