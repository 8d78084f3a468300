// Mailbox names: modified UTF-7 validation, LIST wildcards, hierarchy.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "carteiro/imap/mailbox_name.hpp"

using namespace carteiro::imap;

TEST_CASE("imap mailbox names: modified UTF-7 (RFC 3501 section 5.1.3)") {
  CHECK(valid_modified_utf7("INBOX"));
  CHECK(valid_modified_utf7("Sent Items"));
  CHECK(valid_modified_utf7("Tom &- Jerry"));
  CHECK(valid_modified_utf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));  // the RFC's example
  CHECK(valid_modified_utf7("Entw&APw-rfe"));                      // "Entwürfe"
  CHECK(valid_modified_utf7("&2D3eAA-"));                           // U+1F600 as a surrogate pair

  CHECK_FALSE(valid_modified_utf7("Tom & Jerry"));   // '&' must start a run or be "&-"
  CHECK_FALSE(valid_modified_utf7("&ZeVnLIqe"));     // unterminated run
  CHECK_FALSE(valid_modified_utf7("&AGE-"));         // "a" encoded: must stand for itself
  CHECK_FALSE(valid_modified_utf7("&U/BTFw-"));      // '/' is not modified base64
  CHECK_FALSE(valid_modified_utf7("&APw"));          // no '-'
  CHECK_FALSE(valid_modified_utf7("&APx-"));         // leftover bits not zero
  CHECK_FALSE(valid_modified_utf7("&2D0-"));         // lone high surrogate
  CHECK_FALSE(valid_modified_utf7("&3gA-"));         // lone low surrogate
  CHECK_FALSE(valid_modified_utf7("Entw\xc3\xbcrfe"));  // raw 8-bit
  CHECK_FALSE(valid_modified_utf7("a\tb"));
  CHECK_FALSE(valid_modified_utf7(std::string("a\0b", 3)));
}

TEST_CASE("imap mailbox names: what CREATE accepts") {
  CHECK_FALSE(invalid_mailbox_name("Work/Projects"));
  CHECK(invalid_mailbox_name(""));
  CHECK(invalid_mailbox_name("/abs"));
  CHECK(invalid_mailbox_name("a//b"));
  CHECK(invalid_mailbox_name("a/"));
  CHECK(invalid_mailbox_name("a*"));
  CHECK(invalid_mailbox_name("50%"));
  CHECK(invalid_mailbox_name(std::string(600, 'x')));
  CHECK(invalid_mailbox_name("caf\xc3\xa9"));
  CHECK(canonical_mailbox_name("iNbOx") == "INBOX");
  CHECK(canonical_mailbox_name("inbox/x") == "inbox/x");
  CHECK(parent_mailbox_name("a/b/c") == "a/b");
  CHECK_FALSE(parent_mailbox_name("a"));
}

TEST_CASE("imap mailbox names: LIST patterns (RFC 3501 section 6.3.8)") {
  CHECK(list_pattern_matches("*", "a/b/c"));
  CHECK(list_pattern_matches("%", "INBOX"));
  CHECK_FALSE(list_pattern_matches("%", "a/b"));
  CHECK(list_pattern_matches("a/%", "a/b"));
  CHECK_FALSE(list_pattern_matches("a/%", "a/b/c"));
  CHECK(list_pattern_matches("a/*", "a/b/c"));
  CHECK(list_pattern_matches("*b*", "a/b/c"));
  CHECK(list_pattern_matches("%/%", "a/b"));
  CHECK(list_pattern_matches("", ""));
  CHECK_FALSE(list_pattern_matches("", "a"));
  CHECK(list_pattern_matches("Sent", "Sent"));
  CHECK_FALSE(list_pattern_matches("Sent", "sent"));
  CHECK_FALSE(list_pattern_matches("Sen", "Sent"));
  // No exponential blow-up on many wildcards.
  CHECK_FALSE(list_pattern_matches(std::string(200, '*') + "x", std::string(500, 'a')));
}

namespace {

// The definition, spelled out: does pattern[p..] match name[n..]? Exponential in the
// worst case, so only for short inputs.
bool by_definition(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  char p = pattern.front();
  if (p != '*' && p != '%') return !name.empty() && name.front() == p && by_definition(pattern.substr(1), name.substr(1));
  for (std::size_t taken = 0; taken <= name.size(); ++taken) {
    if (by_definition(pattern.substr(1), name.substr(taken))) return true;
    if (taken < name.size() && p == '%' && name[taken] == kDelimiter) return false;
  }
  return false;
}

}  // namespace

TEST_CASE("imap mailbox names: '*' crosses the delimiter, '%' does not (RFC 3501 section 6.3.8)") {
  // The RFC's own example: "foo*" matches foo, foo/bar and foo/bar/baz; "foo%" matches
  // foo and not foo/bar.
  CHECK(list_pattern_matches("foo*", "foo"));
  CHECK(list_pattern_matches("foo*", "foo/bar"));
  CHECK(list_pattern_matches("foo*", "foo/bar/baz"));
  CHECK(list_pattern_matches("foo%", "foo"));
  CHECK(list_pattern_matches("foo%", "foobar"));
  CHECK_FALSE(list_pattern_matches("foo%", "foo/bar"));
  CHECK(list_pattern_matches("%/%/%", "a/b/c"));
  CHECK_FALSE(list_pattern_matches("%/%", "a/b/c"));
  CHECK(list_pattern_matches("%*", "a/b"));   // a '*' anywhere in a run of wildcards wins
  CHECK(list_pattern_matches("*%", "a/b"));
  CHECK_FALSE(list_pattern_matches("%%", "a/b"));
  CHECK(list_pattern_matches("a%%b", "axyb"));
  CHECK(list_pattern_matches("*/c", "a/b/c"));
  CHECK_FALSE(list_pattern_matches("%/c", "a/b/c"));
  CHECK(list_pattern_matches("a*b*c", "a/x/b/y/c"));
  CHECK_FALSE(list_pattern_matches("a*b*c", "a/x/c/y/b"));
  CHECK(list_pattern_matches("%", ""));
  CHECK(list_pattern_matches("*", ""));
}

TEST_CASE("imap mailbox names: LIST patterns agree with the definition on small inputs") {
  std::mt19937 random(3501);
  const char pattern_bytes[] = {'a', 'b', '/', '*', '%'};
  const char name_bytes[] = {'a', 'b', '/'};
  for (int round = 0; round < 20000; ++round) {
    std::string pattern, name;
    for (auto n = random() % 8; n > 0; --n) pattern += pattern_bytes[random() % std::size(pattern_bytes)];
    for (auto n = random() % 9; n > 0; --n) name += name_bytes[random() % std::size(name_bytes)];
    INFO("pattern ", pattern, " name ", name);
    CHECK(list_pattern_matches(pattern, name) == by_definition(pattern, name));
  }
}

TEST_CASE("imap mailbox names: a compiled pattern spans several machine words") {
  // Positions past 64 and 128 are in other words of the bitset: carries must cross.
  std::string name;
  for (int i = 0; i < 100; ++i) name += "ab/";
  name += "end";
  std::string pattern;
  for (int i = 0; i < 100; ++i) pattern += "a%/";
  ListPattern compiled(pattern + "end");
  CHECK(compiled.matches(name));
  CHECK_FALSE(compiled.matches(name + "s"));
  CHECK_FALSE(compiled.matches(name.substr(3)));
  CHECK(ListPattern(pattern + "*").matches(name));
  CHECK(ListPattern(std::string(130, 'a') + "*b").matches(std::string(130, 'a') + "/x/b"));
  CHECK_FALSE(ListPattern(std::string(130, 'a') + "%b").matches(std::string(130, 'a') + "/x/b"));
}

TEST_CASE("imap mailbox names: wildcard-heavy patterns stay cheap") {
  // A backtracking matcher tries every way to split the name among the '*'s: with 8 of
  // them over 500 'a's that is beyond any test's time. The automaton reads the name once.
  std::string pattern;
  for (int i = 0; i < 8; ++i) pattern += "*a";
  pattern += "*b";
  const std::string name(500, 'a');
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(list_pattern_matches(pattern, name));
  CHECK(list_pattern_matches(pattern, name + "b"));
  CHECK_FALSE(list_pattern_matches("%a%a%a%a%a%a%a%a%b", name + "/b"));
  CHECK(list_pattern_matches("%a%a%a%a%a%a%a%a*b", name + "/b"));
  // A long pattern that keeps hundreds of positions live all along a long name, as for
  // each mailbox of a LIST over hundreds of them.
  std::string alternating;
  for (int i = 0; i < 300; ++i) alternating += "*a";
  ListPattern compiled(alternating + "*b");
  const std::string longest_name(511, 'a');
  for (int i = 0; i < 500; ++i) CHECK_FALSE(compiled.matches(longest_name));
  CHECK(compiled.matches(longest_name + "b"));
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(elapsed < 5.0);  // about a hundredth of that in a sanitizer build
}
