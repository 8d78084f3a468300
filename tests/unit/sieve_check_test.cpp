// The Sieve checker: require, signatures of commands and tests, tags, and what the
// compiled tree holds for the interpreter.
#include <doctest/doctest.h>

#include <string>

#include "sieve_test_support.hpp"

using namespace carteiro::sieve;
using carteiro::test::sieve_compiled;
using carteiro::test::sieve_error_of;

TEST_CASE("sieve check: the supported extensions, in the order they are announced") {
  CHECK(supported_extensions() ==
        std::vector<std::string_view>{"fileinto", "reject", "ereject", "envelope",
                                      "encoded-character", "imap4flags", "copy", "body",
                                      "variables", "vacation", "vacation-seconds", "relational",
                                      "subaddress", "date", "index", "mailbox", "duplicate",
                                      "editheader", "comparator-i;ascii-numeric"});
}

TEST_CASE("sieve check: require (RFC 5228 section 3.2)") {
  CHECK(sieve_error_of("require \"foo\";") == "line 1, column 9: unknown extension \"foo\"");
  CHECK(sieve_error_of("require [\"fileinto\", \"x-bar\"];") ==
        "line 1, column 9: unknown extension \"x-bar\"");
  CHECK(sieve_error_of("keep;\nrequire \"fileinto\";") ==
        "line 2, column 1: require must come before any other command");
  CHECK(sieve_error_of("if true { require \"fileinto\"; }") ==
        "line 1, column 11: require must come before any other command");
  CHECK(sieve_error_of("require 1;") == "line 1, column 9: argument 1 of require must be a string list");
  CHECK(sieve_error_of("require;") == "line 1, column 1: require takes 1 positional argument, found 0");
  CHECK(sieve_error_of("require \"fileinto\"; require \"reject\"; keep;") == "");
  CHECK(sieve_error_of("require [\"comparator-i;octet\", \"comparator-i;ascii-casemap\"];") == "");
  auto script = sieve_compiled("require [\"fileinto\", \"vacation-seconds\", \"fileinto\"];");
  CHECK(script->extensions == std::vector<std::string>{"fileinto", "vacation-seconds", "vacation"});
}

TEST_CASE("sieve check: commands and tests from extensions need their require") {
  CHECK(sieve_error_of("foo;") == "line 1, column 1: unknown command \"foo\"");
  CHECK(sieve_error_of("header :is \"a\" \"b\";") == "line 1, column 1: unknown command \"header\"");
  CHECK(sieve_error_of("if foo { keep; }") == "line 1, column 4: unknown test \"foo\"");
  CHECK(sieve_error_of("fileinto \"x\";") ==
        "line 1, column 1: command \"fileinto\" needs require \"fileinto\"");
  CHECK(sieve_error_of("vacation \"x\";") ==
        "line 1, column 1: command \"vacation\" needs require \"vacation\"");
  CHECK(sieve_error_of("if true { ereject \"x\"; }") ==
        "line 1, column 11: command \"ereject\" needs require \"ereject\"");
  CHECK(sieve_error_of("if envelope \"to\" \"x\" { keep; }") ==
        "line 1, column 4: test \"envelope\" needs require \"envelope\"");
  CHECK(sieve_error_of("if body \"x\" { keep; }") ==
        "line 1, column 4: test \"body\" needs require \"body\"");
  CHECK(sieve_error_of("if not duplicate { keep; }") ==
        "line 1, column 8: test \"duplicate\" needs require \"duplicate\"");
  CHECK(sieve_error_of("set \"a\" \"b\";") ==
        "line 1, column 1: command \"set\" needs require \"variables\"");
  CHECK(sieve_error_of("addheader \"X-A\" \"b\";") ==
        "line 1, column 1: command \"addheader\" needs require \"editheader\"");
}

TEST_CASE("sieve check: control structure (RFC 5228 section 3.1)") {
  CHECK(sieve_error_of("elsif true { keep; }") == "line 1, column 1: elsif without a preceding if");
  CHECK(sieve_error_of("else { keep; }") == "line 1, column 1: else without a preceding if");
  CHECK(sieve_error_of("if true {} else {} else {}") == "line 1, column 20: else without a preceding if");
  CHECK(sieve_error_of("if true {} keep; elsif true {}") ==
        "line 1, column 18: elsif without a preceding if");
  CHECK(sieve_error_of("if true {} elsif false {} elsif true {} else {}") == "");
  CHECK(sieve_error_of("if { keep; }") == "line 1, column 1: expected test after if");
  CHECK(sieve_error_of("if \"a\" {}") == "line 1, column 1: expected test after if");
  CHECK(sieve_error_of("if true;") == "line 1, column 1: expected block after if");
  CHECK(sieve_error_of("if true keep;") == "line 1, column 9: unexpected \"keep\" after test \"true\"");
  CHECK(sieve_error_of("if true {} else true {}") == "line 1, column 17: expected '{' after else, found identifier \"true\"");
  CHECK(sieve_error_of("if true {} else;") == "line 1, column 12: expected block after else");
  CHECK(sieve_error_of("stop { keep; }") == "line 1, column 1: stop takes no block");
  CHECK(sieve_error_of("keep true;") == "line 1, column 6: expected ';' after keep, found identifier \"true\"");
  CHECK(sieve_error_of("if true { foo; }") == "line 1, column 11: unknown command \"foo\"");
}

TEST_CASE("sieve check: positional arguments") {
  CHECK(sieve_error_of("keep \"x\";") == "line 1, column 6: keep takes no positional arguments, found 1");
  CHECK(sieve_error_of("require \"fileinto\"; fileinto \"a\" \"b\";") ==
        "line 1, column 34: fileinto takes 1 positional argument, found 2");
  CHECK(sieve_error_of("redirect;") == "line 1, column 1: redirect takes 1 positional argument, found 0");
  CHECK(sieve_error_of("redirect [\"a@b.c\", \"d@e.f\"];") ==
        "line 1, column 10: argument 1 of redirect must be a string");
  CHECK(sieve_error_of("redirect 5;") == "line 1, column 10: argument 1 of redirect must be a string");
  CHECK(sieve_error_of("redirect [\"a@example.com\"];") == "");  // a list of one is a string
  CHECK(sieve_error_of("if header :is \"a\" 10 { keep; }") ==
        "line 1, column 19: argument 2 of header must be a string list");
  CHECK(sieve_error_of("if header \"a\" { keep; }") ==
        "line 1, column 4: header takes 2 positional arguments, found 1");
  CHECK(sieve_error_of("if size :over \"100\" { keep; }") ==
        "line 1, column 15: argument 1 of size must be a number");
  CHECK(sieve_error_of("if exists [\"a\", \"b\"] \"c\" { keep; }") ==
        "line 1, column 22: exists takes 1 positional argument, found 2");
  CHECK(sieve_error_of("require \"imap4flags\"; setflag;") ==
        "line 1, column 23: setflag takes 1 or 2 positional arguments, found 0");
  CHECK(sieve_error_of("redirect \"not an address\";") ==
        "line 1, column 10: invalid redirect address \"not an address\"");
  CHECK(sieve_error_of("redirect \"Bob <bob@example.com>\";") == "");
}

TEST_CASE("sieve check: tagged arguments (RFC 5228 section 2.6.2)") {
  CHECK(sieve_error_of("if header :foo \"a\" \"b\" { keep; }") == "line 1, column 11: unknown tag \":foo\"");
  CHECK(sieve_error_of("if header :copy \"a\" \"b\" { keep; }") ==
        "line 1, column 11: header does not take :copy");
  CHECK(sieve_error_of("if header \"a\" :is \"b\" { keep; }") ==
        "line 1, column 15: tag \":is\" must come before the positional arguments");
  CHECK(sieve_error_of("if header :is :is \"a\" \"b\" { keep; }") ==
        "line 1, column 15: tag \":is\" given twice");
  CHECK(sieve_error_of("if header :is :contains \"a\" \"b\" { keep; }") ==
        "line 1, column 15: :is and :contains cannot be used together (both match type)");
  CHECK(sieve_error_of("if address :localpart :domain \"a\" \"b\" { keep; }") ==
        "line 1, column 23: :localpart and :domain cannot be used together (both address part)");
  CHECK(sieve_error_of("if header :comparator \"a\" { keep; }") ==
        "line 1, column 23: unknown comparator \"a\"");
  CHECK(sieve_error_of("if header :comparator \"i;octet\" \"a\" { keep; }") ==
        "line 1, column 4: header takes 2 positional arguments, found 1");
  CHECK(sieve_error_of("if header :comparator { keep; }") ==
        "line 1, column 11: :comparator needs a string");
  CHECK(sieve_error_of("if size :over :under 100 { keep; }") ==
        "line 1, column 15: :over and :under cannot be used together (both size relation)");
  CHECK(sieve_error_of("if size 100 { keep; }") == "line 1, column 4: size needs :over or :under");
  CHECK(sieve_error_of("if address :user \"to\" \"x\" { keep; }") ==
        "line 1, column 12: tag \":user\" needs require \"subaddress\"");
  CHECK(sieve_error_of("keep :copy;") == "line 1, column 6: keep does not take :copy");
  CHECK(sieve_error_of("require \"copy\"; keep :copy;") == "line 1, column 22: keep does not take :copy");
  CHECK(sieve_error_of("require \"fileinto\"; fileinto :copy \"x\";") ==
        "line 1, column 30: tag \":copy\" needs require \"copy\"");
  CHECK(sieve_error_of("require \"fileinto\"; fileinto :create \"x\";") ==
        "line 1, column 30: tag \":create\" needs require \"mailbox\"");
  CHECK(sieve_error_of("require \"mailbox\"; redirect :create \"a@b.c\";") ==
        "line 1, column 29: redirect does not take :create");
  CHECK(sieve_error_of("require \"fileinto\"; fileinto :flags \"\\\\Seen\" \"x\";") ==
        "line 1, column 30: tag \":flags\" needs require \"imap4flags\"");
}

TEST_CASE("sieve check: comparators and relational operators (RFC 5228 2.7.3, RFC 5231)") {
  CHECK(sieve_error_of("if header :comparator \"i;ascii-numeric\" \"a\" \"b\" { keep; }") ==
        "line 1, column 23: comparator \"i;ascii-numeric\" needs require \"comparator-i;ascii-numeric\"");
  CHECK(sieve_error_of("if header :comparator \"i;foo\" \"a\" \"b\" { keep; }") ==
        "line 1, column 23: unknown comparator \"i;foo\"");
  CHECK(sieve_error_of("if header :value \"gt\" \"a\" \"b\" { keep; }") ==
        "line 1, column 11: tag \":value\" needs require \"relational\"");
  CHECK(sieve_error_of("require \"relational\"; if header :value \"xx\" \"a\" \"b\" { keep; }") ==
        "line 1, column 40: unknown relational operator \"xx\" (expected gt, ge, lt, le, eq or ne)");
  CHECK(sieve_error_of("require \"relational\"; if header :count :value \"gt\" \"a\" \"b\" { keep; }") ==
        "line 1, column 33: :count needs a string");
  CHECK(sieve_error_of("require \"relational\"; if header :is :count \"ne\" \"a\" \"b\" { keep; }") ==
        "line 1, column 37: :is and :count cannot be used together (both match type)");
  // RFC 5231 allows :count with any comparator, though only i;ascii-numeric makes sense.
  CHECK(sieve_error_of("require \"relational\"; if header :count \"GE\" \"a\" \"1\" { keep; }") == "");

  auto script = sieve_compiled(
      "require [\"relational\", \"comparator-i;ascii-numeric\"];\n"
      "if header :count \"le\" :comparator \"i;ascii-numeric\" \"received\" \"3\" { keep; }");
  const Test& test = *script->commands[1].test;
  CHECK(test.kind == TestKind::header);
  CHECK(test.tagged.match == MatchType::count);
  CHECK(test.tagged.relation == Relation::le);
  CHECK(test.tagged.comparator == Comparator::ascii_numeric);
  REQUIRE(test.arguments.size() == 2);
  CHECK(test.arguments[0].strings[0].text == "received");
}

TEST_CASE("sieve check: the compiled tree holds kinds, positional arguments and tags") {
  auto script = sieve_compiled(
      "require [\"fileinto\", \"copy\", \"imap4flags\", \"mailbox\", \"subaddress\", \"index\"];\n"
      "if allof (address :detail :contains :index 2 :last [\"to\", \"cc\"] \"x\",\n"
      "          not size :under 10K, true) {\n"
      "  fileinto :copy :create :flags [\"\\\\Seen\", \"$Work\"] \"Work\";\n"
      "} elsif exists \"x-spam\" { discard; stop; } else { redirect :copy \"a@example.com\"; keep; }");
  REQUIRE(script->commands.size() == 4);
  CHECK(script->commands[0].kind == CommandKind::require);
  const Command& branch = script->commands[1];
  CHECK(branch.kind == CommandKind::if_);
  const Test& all = *branch.test;
  CHECK(all.kind == TestKind::allof);
  REQUIRE(all.tests.size() == 3);
  const Test& address = all.tests[0];
  CHECK(address.kind == TestKind::address);
  CHECK(address.tagged.address_part == AddressPart::detail);
  CHECK(address.tagged.match == MatchType::contains);
  CHECK(address.tagged.index == 2u);
  CHECK(address.tagged.last);
  CHECK(address.tagged.comparator == Comparator::ascii_casemap);
  REQUIRE(address.arguments.size() == 2);
  CHECK(address.arguments[0].kind == Argument::Kind::string_list);
  CHECK(address.arguments[1].kind == Argument::Kind::string_list);  // a string, as a list
  const Test& size = all.tests[1].tests[0];
  CHECK(size.kind == TestKind::size);
  CHECK(size.tagged.size == SizeRelation::under);
  CHECK(size.arguments[0].number == 10240);
  CHECK(all.tests[2].kind == TestKind::true_);

  const Command& fileinto = branch.block[0];
  CHECK(fileinto.kind == CommandKind::fileinto);
  CHECK(fileinto.tagged.copy);
  CHECK(fileinto.tagged.create);
  REQUIRE(fileinto.tagged.flags);
  CHECK(fileinto.tagged.flags->size() == 2);
  CHECK((*fileinto.tagged.flags)[0].text == "\\Seen");
  REQUIRE(fileinto.arguments.size() == 1);
  CHECK(fileinto.arguments[0].strings[0].text == "Work");
  CHECK(script->commands[2].kind == CommandKind::elsif);
  CHECK(script->commands[2].block[1].kind == CommandKind::stop);
  CHECK(script->commands[3].kind == CommandKind::else_);
  CHECK(script->commands[3].block[0].kind == CommandKind::redirect);
  CHECK(script->commands[3].block[0].tagged.copy);
  CHECK(!script->commands[3].block[1].tagged.flags);
}
