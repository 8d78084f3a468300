#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "../../libs/sieve/src/match.hpp"

using namespace carteiro::sieve;

namespace {
const Comparator octet = Comparator::octet;
const Comparator casemap = Comparator::ascii_casemap;
const Comparator numeric = Comparator::ascii_numeric;
}  // namespace

TEST_CASE("sieve comparators: equality and order (RFC 4790 section 9)") {
  CHECK(equal(octet, "abc", "abc"));
  CHECK_FALSE(equal(octet, "abc", "ABC"));
  CHECK(equal(casemap, "abc", "ABC"));
  CHECK_FALSE(equal(casemap, "\xc3\xa9", "\xc3\x89"));  // only ASCII folds
  CHECK(order(octet, "a", "b") < 0);
  CHECK(order(octet, "ab", "a") > 0);
  CHECK(order(casemap, "_", "a") > 0);  // compared upper-cased: "_" (0x5F) after "A"
  CHECK(equal(numeric, "007", "7"));
  CHECK(equal(numeric, "12abc", "12"));
  CHECK(order(numeric, "9", "10") < 0);
  CHECK(order(numeric, "123456789012345678901234567890", "9") > 0);
  CHECK(equal(numeric, "abc", "xyz"));           // both positive infinity
  CHECK(order(numeric, "abc", "99999999") > 0);  // infinity above every number
  CHECK(order(numeric, "1", "") < 0);
}

TEST_CASE("sieve contains") {
  CHECK(contains(octet, "hello world", "o w"));
  CHECK(contains(octet, "anything", ""));
  CHECK_FALSE(contains(octet, "Hello", "hello"));
  CHECK(contains(casemap, "Hello", "hELLO"));
  CHECK_FALSE(contains(casemap, "short", "longer than it"));
  std::string many(200000, 'a');
  CHECK_FALSE(contains(octet, many, std::string(5000, 'a') + "b"));
}

TEST_CASE("sieve matches wildcards and captures (RFC 5228 2.7.1, RFC 5229 3.2)") {
  Captures c;
  CHECK(wildcard_match(casemap, "[acme-users] [fwd] version 1.0 is out", "[*] *", &c));
  REQUIRE(c.size() == 3);
  CHECK(c[0] == "[acme-users] [fwd] version 1.0 is out");
  CHECK(c[1] == "acme-users");
  CHECK(c[2] == "[fwd] version 1.0 is out");

  CHECK(wildcard_match(casemap, "Sieve <sieve.ietf.org>", "*<*@*", &c) == false);
  CHECK(wildcard_match(casemap, "coyote <coyote@example.com>", "*<*@*", &c));
  REQUIRE(c.size() == 4);
  CHECK(c[1] == "coyote ");
  CHECK(c[2] == "coyote");
  CHECK(c[3] == "example.com>");

  CHECK(wildcard_match(octet, "abc", "a?c", &c));
  REQUIRE(c.size() == 2);
  CHECK(c[1] == "b");
  CHECK(wildcard_match(octet, "a\xc3\xa9z", "a?z", &c));  // ? takes one UTF-8 character
  CHECK(c[1] == "\xc3\xa9");
  CHECK_FALSE(wildcard_match(octet, "a\xc3\xa9z", "a??z"));
  CHECK(wildcard_match(octet, "\xc3\xa9\xc3\xa8", "*?", &c));  // never half a character
  CHECK(c[1] == "\xc3\xa9");
  CHECK(c[2] == "\xc3\xa8");
  CHECK(wildcard_match(octet, "x\xe2\x98\xba!", "*?!", &c));
  CHECK(c[2] == "\xe2\x98\xba");
  CHECK(wildcard_match(octet, "", "*"));
  CHECK(wildcard_match(octet, "x", "*"));
  CHECK_FALSE(wildcard_match(octet, "", "?"));
  CHECK(wildcard_match(octet, "a*b", "a\\*b"));
  CHECK_FALSE(wildcard_match(octet, "axb", "a\\*b"));
  CHECK(wildcard_match(octet, "a?b", "a\\?b"));
  CHECK(wildcard_match(octet, "a\\b", "a\\\\b"));
  CHECK(wildcard_match(casemap, "FOOBAR", "foo*"));
  CHECK_FALSE(wildcard_match(octet, "FOOBAR", "foo*"));
  CHECK(wildcard_match(octet, "abcabc", "*abc", &c));
  CHECK(c[1] == "abc");
  CHECK(wildcard_match(octet, "abXbc", "a*b?", &c));
  CHECK(c[1] == "bX");
  CHECK(c[2] == "c");
  CHECK(wildcard_match(octet, "xyz", "**", &c));
  CHECK(c.size() == 3);
  CHECK_FALSE(wildcard_match(octet, "abc", "abcd"));
  CHECK_FALSE(wildcard_match(octet, "ab", "a*bc"));
  CHECK(wildcard_match(casemap, "MiXeD", "m?x*D"));
}

TEST_CASE("sieve matches stays fast on hostile patterns") {
  std::string text(100000, 'a');
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "*a";
  pattern += "*b";
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(wildcard_match(octet, text, pattern));
  CHECK_FALSE(wildcard_match(octet, text, "*?*?*?*?*?*?*?*?b"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("sieve match_any with relational value and count (RFC 5231)") {
  Matcher value{MatchType::value, numeric, Relation::gt};
  CHECK(match_any(value, {"3", "10"}, {"5"}));
  CHECK_FALSE(match_any(value, {"3", "4"}, {"5"}));
  Matcher count{MatchType::count, numeric, Relation::ge};
  CHECK(match_any(count, {"a", "b", "c"}, {"3"}));
  CHECK_FALSE(match_any(count, {"a", "b"}, {"3"}));
  Matcher count_eq{MatchType::count, numeric, Relation::eq};
  CHECK(match_any(count_eq, {}, {"0"}));
  Matcher is{MatchType::is, casemap};
  CHECK(match_any(is, {"x", "Y"}, {"z", "y"}));
  CHECK_FALSE(match_any(is, {}, {""}));
  Matcher matches{MatchType::matches, casemap};
  Captures c;
  CHECK(match_any(matches, {"no", "list-x"}, {"list-*"}, &c));
  CHECK(c[1] == "x");
  CHECK(quote_wildcards("a*b?c\\") == "a\\*b\\?c\\\\");
}
