// The checker's rules of each extension, and what the compiled tree holds of them.
#include <doctest/doctest.h>

#include <string>

#include "../../libs/sieve/src/string_syntax.hpp"
#include "sieve_test_support.hpp"

using namespace carteiro::sieve;
using carteiro::test::sieve_compiled;
using carteiro::test::sieve_error_of;

namespace {

std::string decoded(std::string text) {
  auto error = decode_encoded_characters(text);
  return error ? "error: " + *error : text;
}

}  // namespace

TEST_CASE("sieve check: encoded-character (RFC 5228 section 2.4.2.4)") {
  CHECK(decoded("$${hex:24 24}") == "$$$");
  CHECK(decoded("${hex: 41 42\r\n 43 }") == "ABC");
  CHECK(decoded("${unicode:40}") == "@");
  CHECK(decoded("${Unicode:40}") == "@");
  CHECK(decoded("${UNICODE:e9 1F600}") == "\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(decoded("${ unicode:40}") == "${ unicode:40}");
  CHECK(decoded("${Unicode:Cool}") == "${Unicode:Cool}");
  CHECK(decoded("${hex:40") == "${hex:40");
  CHECK(decoded("${hex:400}") == "${hex:400}");
  CHECK(decoded("${hex:}") == "${hex:}");
  CHECK(decoded("${hex:4${hex:30}}") == "${hex:40}");
  CHECK(decoded("${unicode:D800}") == "error: encoded character D800 is not a Unicode scalar value");
  CHECK(decoded("${unicode:110000}") == "error: encoded character 110000 is not a Unicode scalar value");
  CHECK(decoded("${unicode:0000000000000000041}") == "A");

  auto script = sieve_compiled("require [\"encoded-character\", \"fileinto\"];\n"
                         "fileinto \"${hex:49 4E}BOX.${unicode:e9}t${unicode:e9}\";");
  CHECK(script->commands[1].arguments[0].strings[0].text == "INBOX.\xc3\xa9t\xc3\xa9");
  // Not required: the text stays as written.
  auto plain = sieve_compiled("require \"fileinto\"; fileinto \"${hex:41}\";");
  CHECK(plain->commands[1].arguments[0].strings[0].text == "${hex:41}");
  CHECK(sieve_error_of("require \"encoded-character\";\nif header \"a\" \"${unicode:D800}\" { keep; }") ==
        "line 2, column 15: encoded character D800 is not a Unicode scalar value");
}

TEST_CASE("sieve check: variables (RFC 5229)") {
  CHECK(sieve_error_of("require \"variables\"; set \"1a\" \"x\";") ==
        "line 1, column 26: invalid variable name \"1a\"");
  CHECK(sieve_error_of("require \"variables\"; set \"a.b\" \"x\";") ==
        "line 1, column 26: invalid variable name \"a.b\"");
  CHECK(sieve_error_of("require \"variables\"; set \"\" \"x\";") ==
        "line 1, column 26: invalid variable name \"\"");
  CHECK(sieve_error_of("require \"variables\"; set :lower :upper \"a\" \"x\";") ==
        "line 1, column 33: :lower and :upper cannot be used together (both case)");
  CHECK(sieve_error_of("require \"variables\"; set :lowerfirst :upperfirst \"a\" \"x\";") ==
        "line 1, column 38: :lowerfirst and :upperfirst cannot be used together (both first letter case)");
  CHECK(sieve_error_of("require \"variables\"; set \"a\" \"${ns.x}\";") ==
        "line 1, column 30: unknown variable namespace in \"${ns.x}\"");
  CHECK(sieve_error_of("require \"variables\"; set \"a\";") ==
        "line 1, column 22: set takes 2 positional arguments, found 1");
  // Not valid references stay verbatim (RFC 5229 section 3); without the extension
  // nothing is a reference.
  CHECK(sieve_error_of("require \"variables\"; set \"a\" \"${doh!} ${} ${a.} $${1}\";") == "");
  CHECK(sieve_error_of("require \"fileinto\"; fileinto \"${ns.x}\";") == "");

  auto script = sieve_compiled(
      "require [\"variables\", \"fileinto\"];\n"
      "set :upperfirst :length :lower :quotewildcard \"Name_1\" \"${a} text\";\n"
      "fileinto \"INBOX.${1}\"; fileinto \"plain $ { }\"; set \"b\" \"${doh!}\";");
  const Command& set = script->commands[1];
  CHECK(set.kind == CommandKind::set);
  CHECK(set.tagged.modifiers == std::vector<SetModifier>{SetModifier::lower, SetModifier::upperfirst,
                                                         SetModifier::quotewildcard,
                                                         SetModifier::length});
  CHECK(!set.arguments[0].strings[0].has_variables);  // a name, never expanded
  CHECK(set.arguments[1].strings[0].has_variables);
  CHECK(script->commands[2].arguments[0].strings[0].has_variables);
  CHECK(!script->commands[3].arguments[0].strings[0].has_variables);
  CHECK(!script->commands[4].arguments[1].strings[0].has_variables);

  auto ref = next_variable_reference("a ${x} ${1} ${ns.y}");
  REQUIRE(ref);
  CHECK(ref->name == "x");
  CHECK(ref->begin == 2);
  CHECK(ref->end == 6);
  ref = next_variable_reference("a ${x} ${1} ${ns.y}", ref->end);
  REQUIRE(ref);
  CHECK(ref->numbered);
  ref = next_variable_reference("a ${x} ${1} ${ns.y}", ref->end);
  REQUIRE(ref);
  CHECK(ref->namespaced);
  CHECK(!next_variable_reference("${BAD${Company}", 0)->namespaced);
  CHECK(next_variable_reference("${BAD${Company}", 0)->name == "Company");
  CHECK(!next_variable_reference("${} ${-} ${a b} $x"));
}

TEST_CASE("sieve check: imap4flags (RFC 5232)") {
  CHECK(sieve_error_of("require \"imap4flags\"; setflag \"1x\" \"\\\\Seen\";") ==
        "line 1, column 31: invalid variable name \"1x\"");
  CHECK(sieve_error_of("require \"imap4flags\"; if hasflag :is \"$x\" \"a\" { keep; }") ==
        "line 1, column 38: invalid variable name \"$x\"");
  CHECK(sieve_error_of("require \"imap4flags\"; addflag [\"a\", \"b\"] \"c\";") ==
        "line 1, column 31: argument 1 of addflag must be a string");
  auto script = sieve_compiled(
      "require \"imap4flags\";\nsetflag \"\\\\Seen\";\naddflag \"mine\" [\"$A\", \"$B\"];\n"
      "if hasflag [\"\\\\Seen\"] { removeflag \"\\\\Seen\"; } keep :flags \"\";");
  CHECK(script->commands[1].kind == CommandKind::setflag);
  CHECK(script->commands[1].arguments.size() == 1);
  CHECK(script->commands[2].kind == CommandKind::addflag);
  CHECK(script->commands[2].arguments.size() == 2);
  CHECK(script->commands[3].test->kind == TestKind::hasflag);
  CHECK(script->commands[3].block[0].kind == CommandKind::removeflag);
  REQUIRE(script->commands[4].tagged.flags);
}

TEST_CASE("sieve check: vacation (RFC 5230, RFC 6131)") {
  CHECK(sieve_error_of("require \"vacation\"; vacation :seconds 2 \"x\";") ==
        "line 1, column 30: tag \":seconds\" needs require \"vacation-seconds\"");
  CHECK(sieve_error_of("require \"vacation-seconds\"; vacation :days 1 :seconds 2 \"x\";") ==
        "line 1, column 46: :days and :seconds cannot be used together (both period)");
  CHECK(sieve_error_of("require \"vacation\"; vacation :days \"1\" \"x\";") ==
        "line 1, column 30: :days needs a number");
  CHECK(sieve_error_of("require \"vacation\"; vacation :addresses 1 \"x\";") ==
        "line 1, column 30: :addresses needs a string list");
  CHECK(sieve_error_of("require \"vacation\"; vacation :subject [\"a\", \"b\"] \"x\";") ==
        "line 1, column 30: :subject needs a string");
  CHECK(sieve_error_of("require \"vacation\"; vacation;") ==
        "line 1, column 21: vacation takes 1 positional argument, found 0");
  CHECK(sieve_error_of("require \"vacation\"; vacation :from \"me\" \"x\";") ==
        "line 1, column 21: invalid :from address \"me\"");
  CHECK(sieve_error_of("require \"vacation\"; vacation :from \"Me <me@example.com>\" \"x\";") == "");
  CHECK(sieve_error_of("require [\"vacation\", \"variables\"]; vacation :from \"${me}\" \"x\";") == "");
  CHECK(sieve_error_of("require \"vacation\"; vacation :index 1 \"x\";") ==
        "line 1, column 30: vacation does not take :index");

  auto script = sieve_compiled(
      "require [\"vacation\", \"vacation-seconds\"];\n"
      "vacation :seconds 3600 :subject \"Away\" :from \"me@example.com\"\n"
      "  :addresses [\"a@example.com\", \"b@example.com\"] :mime :handle \"h\" text:\n"
      "Content-Type: text/plain\n\nGone.\n.\n;\n"
      "vacation :days 3 \"x\";");
  const Command& vacation = script->commands[1];
  CHECK(vacation.kind == CommandKind::vacation);
  CHECK(vacation.tagged.seconds == 3600u);
  CHECK(!vacation.tagged.days);
  CHECK(vacation.tagged.subject->text == "Away");
  CHECK(vacation.tagged.from->text == "me@example.com");
  CHECK(vacation.tagged.addresses->size() == 2);
  CHECK(vacation.tagged.mime);
  CHECK(vacation.tagged.handle->text == "h");
  CHECK(vacation.arguments[0].strings[0].text == "Content-Type: text/plain\r\n\r\nGone.\r\n");
  CHECK(script->commands[2].tagged.days == 3u);
}

TEST_CASE("sieve check: date and index (RFC 5260)") {
  CHECK(sieve_error_of("require \"date\"; if date \"date\" \"fortnight\" \"x\" { keep; }") ==
        "line 1, column 32: unknown date-part \"fortnight\"");
  CHECK(sieve_error_of("require \"date\"; if currentdate :zone \"0100\" \"date\" \"x\" { keep; }") ==
        "line 1, column 38: invalid :zone \"0100\" (expected +hhmm or -hhmm)");
  CHECK(sieve_error_of("require \"date\"; if currentdate :zone \"+0160\" \"date\" \"x\" { keep; }") ==
        "line 1, column 38: invalid :zone \"+0160\" (expected +hhmm or -hhmm)");
  CHECK(sieve_error_of("require \"date\"; if currentdate :originalzone \"date\" \"x\" { keep; }") ==
        "line 1, column 32: currentdate does not take :originalzone");
  CHECK(sieve_error_of("require \"date\"; if date :zone \"+0100\" :originalzone \"date\" \"date\" \"x\" { keep; }") ==
        "line 1, column 39: :zone and :originalzone cannot be used together (both zone)");
  CHECK(sieve_error_of("require \"date\"; if date :index 1 \"date\" \"date\" \"x\" { keep; }") ==
        "line 1, column 25: tag \":index\" needs require \"index\"");
  CHECK(sieve_error_of("require [\"date\", \"index\"]; if date :index 0 \"date\" \"date\" \"x\" { keep; }") ==
        "line 1, column 43: the :index field number starts at 1");
  CHECK(sieve_error_of("require [\"index\"]; if header :last \"a\" \"b\" { keep; }") ==
        "line 1, column 23: :last needs :index");
  CHECK(sieve_error_of("require \"date\"; if date \"bad header\" \"date\" \"x\" { keep; }") ==
        "line 1, column 25: invalid header name \"bad header\"");

  auto script = sieve_compiled(
      "require [\"date\", \"index\", \"relational\"];\n"
      "if date :value \"ge\" :zone \"-0500\" :index 1 :last \"received\" \"ISO8601\" \"2007\" { keep; }\n"
      "if currentdate :zone \"+0000\" \"weekday\" \"0\" { keep; }");
  const Test& date = *script->commands[1].test;
  CHECK(date.kind == TestKind::date);
  CHECK(date.date_part == DatePart::iso8601);
  CHECK(date.tagged.zone == "-0500");
  CHECK(date.tagged.index == 1u);
  CHECK(date.tagged.last);
  CHECK(date.arguments.size() == 3);
  CHECK(sieve_error_of("require \"date\"; if date :originalzone \"date\" \"weekday\" \"0\" { keep; }") == "");
}

TEST_CASE("sieve check: envelope, body, mailbox, duplicate, editheader") {
  CHECK(sieve_error_of("require \"envelope\"; if envelope \"sender\" \"x\" { keep; }") ==
        "line 1, column 33: unknown envelope part \"sender\" (expected \"from\", \"to\" or \"auth\")");
  CHECK(sieve_error_of("require \"envelope\"; if envelope [\"FROM\", \"to\", \"auth\"] \"x\" { keep; }") == "");
  CHECK(sieve_error_of("require \"body\"; if body :raw :text \"x\" { keep; }") ==
        "line 1, column 30: :raw and :text cannot be used together (both body transform)");
  CHECK(sieve_error_of("require \"body\"; if body :content \"x\" { keep; }") ==
        "line 1, column 20: body takes 1 positional argument, found 0");
  CHECK(sieve_error_of("require \"duplicate\"; if duplicate :header \"a\" :uniqueid \"b\" { keep; }") ==
        "line 1, column 47: :header and :uniqueid cannot be used together (both unique id)");
  CHECK(sieve_error_of("require \"duplicate\"; if duplicate :header \"a b\" { keep; }") ==
        "line 1, column 25: invalid header name \"a b\"");
  CHECK(sieve_error_of("require \"duplicate\"; if duplicate \"x\" { keep; }") ==
        "line 1, column 35: duplicate takes no positional arguments, found 1");
  CHECK(sieve_error_of("require \"editheader\"; addheader \"Bad Name\" \"x\";") ==
        "line 1, column 33: invalid header name \"Bad Name\"");
  CHECK(sieve_error_of("require \"editheader\"; deleteheader \"Bad:Name\";") ==
        "line 1, column 36: invalid header name \"Bad:Name\"");
  CHECK(sieve_error_of("require \"editheader\"; deleteheader :last \"X-A\";") ==
        "line 1, column 23: :last needs :index");
  CHECK(sieve_error_of("require \"editheader\"; addheader :is \"X-A\" \"b\";") ==
        "line 1, column 33: addheader does not take :is");
  CHECK(sieve_error_of("require \"editheader\"; deleteheader :index 1 \"X-A\" :last;") ==
        "line 1, column 51: tag \":last\" must come before the positional arguments");
  CHECK(sieve_error_of("require \"mailbox\"; if mailboxexists [\"a\", \"b\"] { keep; }") == "");

  auto script = sieve_compiled(
      "require [\"body\", \"duplicate\", \"editheader\"];\n"
      "if body :content [\"text/html\", \"image\"] :matches \"*x*\" { keep; }\n"
      "if duplicate :handle \"h\" :header \"Message-ID\" :seconds 60 :last { keep; }\n"
      "deleteheader :index 2 :last :matches \"X-*\" [\"a*\"];\naddheader :last \"X-B\" \"v\";");
  const Test& body = *script->commands[1].test;
  CHECK(body.tagged.transform == BodyTransform::content);
  CHECK(body.tagged.content_types.size() == 2);
  CHECK(body.tagged.match == MatchType::matches);
  const Test& duplicate = *script->commands[2].test;
  CHECK(duplicate.kind == TestKind::duplicate);
  CHECK(duplicate.tagged.handle->text == "h");
  CHECK(duplicate.tagged.header->text == "Message-ID");
  CHECK(duplicate.tagged.seconds == 60u);
  CHECK(duplicate.tagged.last);
  const Command& remove = script->commands[3];
  CHECK(remove.kind == CommandKind::deleteheader);
  CHECK(remove.tagged.index == 2u);
  CHECK(remove.tagged.last);
  CHECK(remove.arguments.size() == 2);
  CHECK(script->commands[4].kind == CommandKind::addheader);
  CHECK(script->commands[4].tagged.last);
}
