// Variables (RFC 5229), imap4flags (RFC 5232), relational (RFC 5231) and subaddress
// (RFC 5233) through compile() and run(), with their RFCs' examples.
#include <doctest/doctest.h>

#include "sieve_run_support.hpp"

using carteiro::test::sieve_actions;

TEST_CASE("sieve run variables: RFC 5229 section 3 match variables") {
  const char* script = R"sieve(require ["fileinto", "variables"];
if header :matches "List-ID" "*<*@*" {
    fileinto "INBOX.lists.${2}"; stop;
}
if header :matches "Subject" "[*] *" {
    fileinto "INBOX.lists.${1}"; stop;
}
if address :matches ["To", "Cc"] ["coyote@**.com", "wile@**.com"] {
    fileinto "INBOX.business.${2}"; stop;
}
if anyof (true, address :domain :matches "To" "*.com") {
    fileinto "none${1}"; stop;
}
)sieve";
  CHECK(sieve_actions(script, "List-ID: Sieve <sieve.ietf.org>\r\n\r\n") == "fileinto none");
  CHECK(sieve_actions(script, "List-ID: Sieve <sieve@ietf.org>\r\n\r\n") == "fileinto INBOX.lists.sieve");
  CHECK(sieve_actions(script, "Subject: [acme-users] [fwd] version 1.0 is out\r\n\r\n") ==
        "fileinto INBOX.lists.acme-users");
  CHECK(sieve_actions(script, "To: coyote@ACME.Example.COM\r\n\r\n") == "fileinto INBOX.business.ACME.Example");
  // A failed match leaves the match variables as they were.
  CHECK(sieve_actions("require [\"variables\", \"fileinto\"];\r\n"
                      "if header :matches \"X-Caffeine\" \"C*\" { }\r\n"
                      "if header :matches \"X-Caffeine\" \"nothing*\" { }\r\n"
                      "fileinto \"${1}-${0}-${9}-${unset}\";") == "fileinto 8H10N4O2-C8H10N4O2--");
}

TEST_CASE("sieve run variables: set, modifiers and the string test (RFC 5229 sections 4 and 5)") {
  auto check_set = [](const char* set, const char* expected) {
    std::string script = std::string("require \"variables\";\r\nset \"a\" \"juMBlEd lETteRS\";\r\n") + set +
                         "\r\nif string :is :comparator \"i;octet\" \"${b}\" \"" + expected + "\" { discard; }";
    CHECK_MESSAGE(sieve_actions(script) == "discard", set);
  };
  check_set("set \"b\" \"${a}\";", "juMBlEd lETteRS");
  check_set("set :length \"b\" \"${a}\";", "15");
  check_set("set :lower \"b\" \"${a}\";", "jumbled letters");
  check_set("set :upperfirst \"b\" \"${a}\";", "JuMBlEd lETteRS");
  check_set("set :upperfirst :lower \"b\" \"${a}\";", "Jumbled letters");
  check_set("set :lowerfirst :upper \"b\" \"${a}\";", "jUMBLED LETTERS");
  check_set("set :quotewildcard \"b\" \"Rock*\";", "Rock\\\\*");
  check_set("set :length \"b\" \"\xc3\xa9t\xc3\xa9\";", "3");

  const char* letter = R"sieve(require ["variables", "fileinto"];
set "honorific"  "Mr";
set "last_name"  "Coyote";
set "vacation" text:
Dear ${HONORIFIC} ${last_name},
.
;
if string :matches "${vacation}" "Dear Mr Coyote,?*" { fileinto "ok"; }
)sieve";
  CHECK(sieve_actions(letter) == "fileinto ok");
  // Section 5: :count does not count empty strings.
  CHECK(sieve_actions("require [\"variables\", \"relational\", \"comparator-i;ascii-numeric\"]; set \"e\" \"\";\r\n"
                      "if string :count \"eq\" :comparator \"i;ascii-numeric\" [\"${e}\", \"x\", \"\"] \"1\" "
                      "{ discard; }") == "discard");
  // Text that only looks like a reference stays as it is.
  CHECK(sieve_actions("require [\"variables\", \"fileinto\"]; fileinto \"a${-}${1a}${\";") == "fileinto a${-}${1a}${");
}

TEST_CASE("sieve run imap4flags (RFC 5232)") {
  CHECK(sieve_actions("require \"imap4flags\"; setflag \"\\\\Seen\";") == "keep [\\Seen]");
  CHECK(sieve_actions("require \"imap4flags\"; addflag [\"\\\\Seen\", \"$Work $Urgent\"]; removeflag \"$work\";") ==
        "keep [\\Seen $Urgent]");
  CHECK(sieve_actions("require [\"imap4flags\", \"fileinto\"]; setflag \"\\\\Flagged\";\r\n"
                      "fileinto \"a\"; fileinto :flags \"$X\" \"b\"; setflag \"\\\\Deleted\"; keep;") ==
        "fileinto a [\\Flagged] | fileinto b [$X] | keep [\\Deleted]");
  CHECK(sieve_actions("require \"imap4flags\"; keep :flags [\"\\\\Answered\"];") == "keep [\\Answered]");
  CHECK(sieve_actions("require \"imap4flags\"; addflag \"A\"; if hasflag :is \"a\" { discard; }") == "discard");
  CHECK(sieve_actions("require \"imap4flags\"; addflag \"A B\"; if hasflag :is \"C\" { discard; }") == "keep [A B]");
  CHECK(sieve_actions("require [\"imap4flags\", \"variables\", \"relational\", \"comparator-i;ascii-numeric\"];\r\n"
                      "addflag \"mine\" [\"x\", \"y z\"]; removeflag \"mine\" \"y\";\r\n"
                      "if allof (hasflag \"mine\" \"z\", not hasflag \"mine\" \"y\",\r\n"
                      "  hasflag :count \"eq\" :comparator \"i;ascii-numeric\" \"mine\" \"2\",\r\n"
                      "  string :is \"${mine}\" \"x z\") { discard; }") == "discard");
}

TEST_CASE("sieve run relational (RFC 5231)") {
  std::string priority = "X-Priority: 2\r\nTo: a@x.example, b@x.example\r\nCc: c@x.example\r\n\r\n";
  CHECK(sieve_actions("require [\"relational\", \"comparator-i;ascii-numeric\"];\r\n"
                      "if header :value \"lt\" :comparator \"i;ascii-numeric\" [\"x-priority\"] [\"3\"] { discard; }",
                      priority) == "discard");
  CHECK(sieve_actions("require [\"relational\", \"comparator-i;ascii-numeric\"];\r\n"
                      "if address :count \"ge\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] [\"3\"] { discard; }",
                      priority) == "discard");
  CHECK(sieve_actions("require [\"relational\", \"comparator-i;ascii-numeric\"];\r\n"
                      "if address :count \"gt\" :comparator \"i;ascii-numeric\" [\"to\", \"cc\"] [\"3\"] { discard; }",
                      priority) == "keep");
  CHECK(sieve_actions("require \"relational\"; if header :value \"gt\" \"Subject\" \"a\" { discard; }",
                      "Subject: b\r\n\r\n") == "discard");
  CHECK(sieve_actions("require [\"relational\", \"comparator-i;ascii-numeric\"];\r\n"
                      "if header :count \"eq\" :comparator \"i;ascii-numeric\" \"X-None\" \"0\" { discard; }") ==
        "discard");
}

TEST_CASE("sieve run subaddress (RFC 5233)") {
  const char* script = R"sieve(require ["envelope", "subaddress", "fileinto"];
if envelope :user "to" "roadrunner" { fileinto "runner"; }
if envelope :detail "to" "birds" { fileinto "birds"; }
if address :detail :matches "to" "*" { fileinto "has-detail"; }
)sieve";
  CHECK(sieve_actions(script) == "fileinto runner | fileinto birds | fileinto has-detail");
  // Section 4: no separator, no detail: even "*" does not match; "user+" has an empty one.
  CHECK(sieve_actions("require [\"subaddress\"]; if address :detail :matches \"to\" \"*\" { discard; }",
                      "To: plain@example.org\r\n\r\n") == "keep");
  CHECK(sieve_actions("require [\"subaddress\"]; if address :detail :is \"to\" \"\" { discard; }",
                      "To: plain+@example.org\r\n\r\n") == "discard");
  CHECK(sieve_actions("require [\"subaddress\"]; if address :user :is \"to\" \"plain\" { discard; }",
                      "To: plain@example.org\r\n\r\n") == "discard");
}
