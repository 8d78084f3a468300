// The Sieve parser (RFC 5228 section 8.2): the tree it builds, its errors and its bounds.
#include <doctest/doctest.h>

#include <string>

#include "../../libs/sieve/src/parser.hpp"
#include "sieve_test_support.hpp"

using namespace carteiro::sieve;
using carteiro::test::sieve_error_of;

namespace {

ParseResult parse_text(std::string_view text, std::size_t max_nesting = 32) {
  auto lexed = tokenize(text);
  REQUIRE(!lexed.error);
  return parse(lexed.tokens, max_nesting);
}

}  // namespace

TEST_CASE("sieve parser: commands, arguments, tests and blocks") {
  auto parsed = parse_text(
      "if anyof (header :is [\"a\", \"b\"] \"c\", not true) { fileinto :copy \"x\"; }\n"
      "else { }\nkeep;");
  REQUIRE(!parsed.error);
  REQUIRE(parsed.commands.size() == 3);
  const Command& branch = parsed.commands[0];
  CHECK(branch.identifier == "if");
  CHECK(branch.has_block);
  REQUIRE(branch.test);
  CHECK(branch.test->identifier == "anyof");
  CHECK(branch.test->test_list);
  REQUIRE(branch.test->tests.size() == 2);
  const Test& header = branch.test->tests[0];
  REQUIRE(header.arguments.size() == 3);
  CHECK(header.arguments[0].kind == Argument::Kind::tag);
  CHECK(header.arguments[0].tag == "is");
  CHECK(header.arguments[1].kind == Argument::Kind::string_list);
  CHECK(header.arguments[1].strings.size() == 2);
  CHECK(header.arguments[2].kind == Argument::Kind::string);
  CHECK(header.arguments[2].position.column == 33);
  const Test& negation = branch.test->tests[1];
  CHECK(negation.identifier == "not");
  CHECK(!negation.test_list);
  REQUIRE(negation.tests.size() == 1);
  CHECK(negation.tests[0].identifier == "true");
  REQUIRE(branch.block.size() == 1);
  CHECK(branch.block[0].arguments.size() == 2);
  CHECK(parsed.commands[1].has_block);
  CHECK(parsed.commands[1].block.empty());
  CHECK(!parsed.commands[2].has_block);
  CHECK(parsed.commands[2].position.line == 3);
  CHECK(parse_text("").commands.empty());
}

TEST_CASE("sieve parser: syntax errors say what was expected, and where") {
  CHECK(sieve_error_of("keep") == "line 1, column 5: expected ';' after command, found end of script");
  CHECK(sieve_error_of("keep\nstop;") == "line 2, column 1: expected ';' after keep, found identifier \"stop\"");
  CHECK(sieve_error_of("keep;;") == "line 1, column 6: expected command, found ';'");
  CHECK(sieve_error_of("\"x\";") == "line 1, column 1: expected command, found string");
  CHECK(sieve_error_of(":is;") == "line 1, column 1: expected command, found tag \":is\"");
  CHECK(sieve_error_of("keep; 10;") == "line 1, column 7: expected command, found number 10");
  CHECK(sieve_error_of("keep; }") == "line 1, column 7: unexpected '}' (no block to close)");
  CHECK(sieve_error_of("if true {\n  keep;\n") ==
        "line 3, column 1: unexpected end of script inside block (opened at line 1)");
  CHECK(sieve_error_of("if true { if false { keep; }") ==
        "line 1, column 29: unexpected end of script inside block (opened at line 1)");
  CHECK(sieve_error_of("if true") == "line 1, column 8: expected '{' or ';' after test, found end of script");
  CHECK(sieve_error_of("if true )") == "line 1, column 9: expected '{' or ';' after test, found ')'");
  CHECK(sieve_error_of("if (true) {}") == "line 1, column 4: a command takes a single test, not a test list");
  CHECK(sieve_error_of("if anyof () {}") == "line 1, column 11: expected test, found ')'");
  CHECK(sieve_error_of("if anyof (true, ) {}") == "line 1, column 17: expected test, found ')'");
  CHECK(sieve_error_of("if anyof (true {}") ==
        "line 1, column 16: expected ',' or ')' in test list, found '{'");
  CHECK(sieve_error_of("if anyof (true") ==
        "line 1, column 15: expected ',' or ')' in test list, found end of script");
  CHECK(sieve_error_of("redirect [];") == "line 1, column 11: expected string in string list, found ']'");
  CHECK(sieve_error_of("redirect [\"a@b.c\" \"x\"];") ==
        "line 1, column 19: expected ',' or ']' in string list, found string");
  CHECK(sieve_error_of("redirect [\"a@b.c\",];") ==
        "line 1, column 19: expected string in string list, found ']'");
  CHECK(sieve_error_of("redirect [\"a@b.c\"") ==
        "line 1, column 18: expected ',' or ']' in string list, found end of script");
  CHECK(sieve_error_of("keep; {") == "line 1, column 7: expected command, found '{'");
}

TEST_CASE("sieve parser: nesting is bounded (Limits::max_nesting)") {
  Limits limits;
  limits.max_nesting = 3;
  CHECK(sieve_error_of("if true { if true { if true { keep; } } }", limits) == "");
  CHECK(sieve_error_of("if true { if true { if true { if true { keep; } } } }", limits) ==
        "line 1, column 39: nesting deeper than the limit of 3 levels");
  CHECK(sieve_error_of("if not not not true { keep; }", limits) == "");
  CHECK(sieve_error_of("if not not not not true { keep; }", limits) ==
        "line 1, column 20: nesting deeper than the limit of 3 levels");
  CHECK(sieve_error_of("if anyof (anyof (anyof (true))) { keep; }", limits) == "");
  CHECK(sieve_error_of("if anyof (anyof (anyof (anyof (true)))) { keep; }", limits) ==
        "line 1, column 31: nesting deeper than the limit of 3 levels");
  // Blocks and the tests in them add up.
  CHECK(sieve_error_of("if true { if not not not true { keep; } }", limits) ==
        "line 1, column 26: nesting deeper than the limit of 3 levels");

  // The default limit stops a deep script long before the stack could overflow.
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "if true {";
  CHECK(sieve_error_of(deep, Limits{.max_script_size = 1'000'000}) ==
        "line 1, column 297: nesting deeper than the limit of 32 levels");
  std::string tests = "if ";
  for (int i = 0; i < 10000; ++i) tests += "not ";
  CHECK(sieve_error_of(tests + "true {}", Limits{.max_script_size = 1'000'000}) ==
        "line 1, column 136: nesting deeper than the limit of 32 levels");
}

TEST_CASE("sieve parser: script size is bounded (Limits::max_script_size)") {
  Limits limits;
  limits.max_script_size = 10;
  CHECK(sieve_error_of("keep; stop", limits) ==
        "line 1, column 11: expected ';' after command, found end of script");
  CHECK(sieve_error_of("keep; stop;", limits) ==
        "line 1, column 1: script is 11 octets, over the limit of 10");
  CHECK(sieve_error_of(std::string(64 * 1024 + 1, ' ')) ==
        "line 1, column 1: script is 65537 octets, over the limit of 65536");
  CHECK(sieve_error_of(std::string(64 * 1024, ' ')) == "");
}
