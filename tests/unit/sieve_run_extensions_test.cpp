// Date and index (RFC 5260), body (RFC 5173), mailbox (RFC 5490), duplicate (RFC 7352),
// editheader (RFC 5293) and vacation (RFC 5230, RFC 6131) through compile() and run().
#include <doctest/doctest.h>

#include "sieve_run_support.hpp"

using namespace carteiro;
using namespace carteiro::test;

TEST_CASE("sieve run date (RFC 5260 section 4)") {
  // The sample's Date is Tue, 15 Jan 2008 10:20:30 +0100; the run's local zone is UTC.
  CHECK(sieve_actions("require [\"date\", \"relational\", \"fileinto\"];\r\n"
                      "if allof(date :value \"ge\" :originalzone \"date\" \"hour\" \"09\",\r\n"
                      "         date :value \"lt\" :originalzone \"date\" \"hour\" \"17\") { fileinto \"urgent\"; }") ==
        "fileinto urgent");
  CHECK(sieve_actions("require [\"date\", \"fileinto\"];\r\n"
                      "if anyof(date :is \"received\" \"weekday\" \"0\", date :is \"received\" \"weekday\" \"6\")\r\n"
                      "{ fileinto \"weekend\"; }") == "keep");
  auto part = [](const char* tags, const char* name, const char* expected) {
    std::string script = std::string("require [\"date\", \"fileinto\"]; if date :is ") + tags + " \"date\" \"" + name +
                         "\" \"" + expected + "\" { fileinto \"yes\"; }";
    CHECK_MESSAGE(sieve_actions(script) == "fileinto yes", name);
  };
  part("", "year", "2008");
  part("", "month", "01");
  part("", "day", "15");
  part("", "date", "2008-01-15");
  part("", "julian", "54480");
  part("", "hour", "09");
  part(":originalzone", "hour", "10");
  part(":zone \"-0500\"", "hour", "04");
  part(":zone \"+1400\"", "date", "2008-01-15");
  part(":zone \"-1200\"", "day", "14");
  part("", "minute", "20");
  part("", "second", "30");
  part("", "time", "09:20:30");
  part(":originalzone", "iso8601", "2008-01-15T10:20:30+01:00");
  part(":originalzone", "std11", "Tue, 15 Jan 2008 10:20:30 +0100");
  part(":originalzone", "zone", "+0100");
  part("", "zone", "+0000");
  part("", "weekday", "2");
  // A field without a valid date matches nothing.
  CHECK(sieve_actions("require \"date\"; if date :matches \"date\" \"year\" \"*\" { discard; }",
                      "Date: yesterday\r\n\r\n") == "keep");
}

TEST_CASE("sieve run currentdate (RFC 5260 section 5)") {
  const char* script = R"sieve(require ["date", "variables", "fileinto"];
if currentdate :matches "month" "*" { set "month" "${1}"; }
if currentdate :matches "year"  "*" { set "year" "${1}"; }
fileinto "${month}-${year}";
)sieve";
  CHECK(sieve_actions(script) == "fileinto 01-2008");
  FakeSieveEnvironment environment;
  auto input = sample_input();
  input.zone_minutes = -600;  // 23:20 the day before
  auto result = run_sieve("require [\"date\", \"fileinto\", \"variables\"];\r\n"
                          "if currentdate :matches \"std11\" \"*\" { fileinto \"${1}\"; }",
                          input, environment);
  CHECK(describe(result) == "fileinto Mon, 14 Jan 2008 23:20:30 -1000");
}

TEST_CASE("sieve run date-part and zone built from variables (RFC 5260 with RFC 5229)") {
  const char* script = R"sieve(require ["date", "variables", "fileinto"];
set "part" "year";
set "zone" "+0200";
if currentdate :zone "${zone}" :matches "${part}" "*" { fileinto "y${1}"; }
if currentdate :zone "${zone}" :matches "hour" "*" { fileinto "h${1}"; }
set "part" "fortnight";
if currentdate :matches "${part}" "*" { fileinto "never"; }
)sieve";
  // sample_input(): 09:20:30 UTC on 15 January 2008; in +0200 it is 11.
  CHECK(sieve_actions(script) == "fileinto y2008 | fileinto h11");
}

TEST_CASE("sieve run index (RFC 5260 section 6)") {
  std::string message =
      "Received: from a by b; Mon, 14 Jan 2008 10:00:00 +0000\r\n"
      "Received: from c by d; Sun, 13 Jan 2008 10:00:00 +0000\r\n"
      "From: first@example.org, second@example.org\r\n"
      "From: third@example.org\r\n\r\n";
  auto check = [&](const char* test, bool expected) {
    std::string script = std::string("require [\"date\", \"index\"]; if ") + test + " { discard; }";
    CHECK_MESSAGE(sieve_actions(script, message) == (expected ? "discard" : "keep"), test);
  };
  check("date :index 1 \"received\" \"day\" \"14\"", true);
  check("date :index 2 \"received\" \"day\" \"13\"", true);
  check("date :index 1 :last \"received\" \"day\" \"13\"", true);
  check("date :index 2 \"received\" \"day\" \"14\"", false);
  check("date :index 3 \"received\" \"day\" \"14\"", false);
  check("header :index 2 :contains \"received\" \"from c\"", true);
  check("address :index 1 :is \"from\" \"second@example.org\"", true);
  check("address :index 1 :last :is \"from\" \"third@example.org\"", true);
  check("address :index 1 :last :is \"from\" \"first@example.org\"", false);
}

TEST_CASE("sieve run body (RFC 5173)") {
  std::string message =
      "From: a@example.org\r\n"
      "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
      "--b\r\n"
      "Content-Type: text/plain; charset=iso-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "The missile coordinates are=20secret. Ol=E1\r\n"
      "--b\r\n"
      "Content-Type: text/html\r\n\r\n"
      "<p>nothing</p>\r\n"
      "--b\r\n"
      "Content-Type: audio/mp3\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n"
      "TUFLRSBNT05FWSBGQVNU\r\n"
      "--b--\r\n";
  const char* rfc = R"sieve(require ["body", "fileinto"];
if body :content "text" :contains ["missile", "coordinates"] { fileinto "secrets"; }
if body :content "audio/mp3" :contains "" { fileinto "jukebox"; }
)sieve";
  CHECK(sieve_actions(rfc, message) == "fileinto secrets | fileinto jukebox");
  auto check = [&](const char* test, bool expected) {
    std::string script = std::string("require \"body\"; if ") + test + " { discard; }";
    CHECK_MESSAGE(sieve_actions(script, message) == (expected ? "discard" : "keep"), test);
  };
  check("body :text :contains \"are secret. Ol\xc3\xa1\"", true);  // QP and charset decoded
  check("body :raw :contains \"are=20secret\"", true);
  check("body :raw :contains \"are secret\"", false);
  check("body :text :contains \"MAKE MONEY\"", false);  // audio is not text
  check("body :content \"audio\" :contains \"MAKE MONEY FAST\"", true);
  check("body :content \"text/html\" :contains \"missile\"", false);
  check("body :contains \"nothing\"", true);  // :text is the default
  CHECK(sieve_actions("require \"body\"; if body :contains \"anvil\" { discard; }") == "discard");
}

TEST_CASE("sieve run mailbox (RFC 5490)") {
  const char* script = R"sieve(require ["fileinto", "mailbox"];
if mailboxexists "Partners" { fileinto "Partners"; }
else { fileinto :create "Partners/New"; }
)sieve";
  FakeSieveEnvironment environment;
  CHECK(describe(run_sieve(script, sample_input(), environment)) == "fileinto Partners/New :create");
  environment.mailboxes.insert("Partners");
  CHECK(describe(run_sieve(script, sample_input(), environment)) == "fileinto Partners");
}

TEST_CASE("sieve run duplicate (RFC 7352)") {
  const char* script = R"sieve(require ["duplicate", "fileinto", "mailbox"];
if duplicate { fileinto :create "Trash/Duplicate"; }
)sieve";
  FakeSieveEnvironment environment;
  auto first = run_sieve(script, sample_input(), environment);
  CHECK(describe(first) == "keep");
  REQUIRE(first.duplicates.size() == 1);
  CHECK(first.duplicates[0].expires == sample_input().now + 7 * 86400);
  environment.seen.insert(first.duplicates[0].key);
  auto second = run_sieve(script, sample_input(), environment);
  CHECK(describe(second) == "fileinto Trash/Duplicate :create");
  CHECK(second.duplicates.empty());  // without :last a sighting does not extend the period
  auto last = run_sieve("require \"duplicate\"; if duplicate :last :seconds 60 { discard; }", sample_input(),
                        environment);
  CHECK(describe(last) == "discard");
  REQUIRE(last.duplicates.size() == 1);
  CHECK(last.duplicates[0].expires == sample_input().now + 60);

  // Another handle or another id is another key; a message without the field is new.
  auto handled = run_sieve("require \"duplicate\"; if duplicate :handle \"x\" { discard; }", sample_input(), environment);
  CHECK(describe(handled) == "keep");
  auto by_header = run_sieve("require \"duplicate\"; if duplicate :header \"X-Event-ID\" { discard; }",
                             sample_input(), environment);
  CHECK(describe(by_header) == "keep");
  CHECK(by_header.duplicates.empty());
  auto by_id = run_sieve("require \"duplicate\"; if duplicate :uniqueid \"abc\" { discard; }", sample_input(),
                         environment);
  REQUIRE(by_id.duplicates.size() == 1);
  CHECK(by_id.duplicates[0].key != first.duplicates[0].key);
}

TEST_CASE("sieve run editheader (RFC 5293)") {
  FakeSieveEnvironment environment;
  auto result = run_sieve(R"sieve(require ["editheader", "fileinto"];
addheader "X-Source" "mail.example.org";
addheader :last "X-Last" "caf)sieve" "\xc3\xa9" R"sieve(";
deleteheader "x-caffeine";
deleteheader "Received";
deleteheader :index 1 :contains "To" "nobody";
if header :is "X-Source" "mail.example.org" { fileinto "seen"; }
if not exists "X-Caffeine" { fileinto "gone"; }
if header :is "X-Last" "caf)sieve" "\xc3\xa9" R"sieve(" { fileinto "decoded"; }
)sieve",
                          sample_input(), environment);
  CHECK(describe(result) == "fileinto seen | fileinto gone | fileinto decoded");
  REQUIRE(result.edited_header);
  const std::string& h = *result.edited_header;
  CHECK(h.rfind("X-Source: mail.example.org\r\nReturn-Path:", 0) == 0);
  CHECK(h.find("X-Caffeine") == std::string::npos);
  CHECK(h.find("Received: from mx.example.org") != std::string::npos);  // never deleted
  CHECK(h.find("To: roadrunner") != std::string::npos);
  CHECK(h.find("X-Last: =?UTF-8?B?Y2Fmw6k=?=\r\n\r\n") != std::string::npos);

  std::string three = "X-A: 1\r\nX-A: 2\r\nX-A: 3\r\n\r\nbody";
  auto remaining = [&](const char* command) {
    FakeSieveEnvironment env;
    auto r = run_sieve(std::string("require \"editheader\"; ") + command, sample_input(three), env);
    return r.edited_header.value_or("unchanged");
  };
  CHECK(remaining("deleteheader :index 2 \"X-A\";") == "X-A: 1\r\nX-A: 3\r\n\r\n");
  CHECK(remaining("deleteheader :index 1 :last \"X-A\";") == "X-A: 1\r\nX-A: 2\r\n\r\n");
  CHECK(remaining("deleteheader :matches \"X-A\" [\"1\", \"3\"];") == "X-A: 2\r\n\r\n");
  CHECK(remaining("deleteheader \"X-A\";") == "\r\n");
  CHECK(remaining("deleteheader \"X-B\";") == "unchanged");
  CHECK(remaining("addheader \"Received\" \"forged\";") == "unchanged");
  // A value with line breaks cannot start another field.
  CHECK(remaining("addheader :last \"X-B\" \"a\r\nBcc: x\";") == "X-A: 1\r\nX-A: 2\r\nX-A: 3\r\nX-B: a  Bcc: x\r\n\r\n");
}

TEST_CASE("sieve run vacation (RFC 5230, RFC 6131)") {
  const char* rfc = R"sieve(require "vacation";
if header :contains "subject" "cyrus" {
    vacation "I'm out -- send mail to cyrus-bugs";
} else {
    vacation "I'm out -- call me at +1 304 555 0123";
}
)sieve";
  CHECK(sieve_actions(rfc) == "vacation I'm out -- call me at +1 304 555 0123 | keep");
  CHECK(sieve_actions(rfc, "Subject: cyrus bug\r\n\r\n") == "vacation I'm out -- send mail to cyrus-bugs | keep");

  auto vacation_of = [](const std::string& script) {
    FakeSieveEnvironment environment;
    auto result = run_sieve(script, sample_input(), environment);
    for (const auto& a : result.actions)
      if (auto* v = std::get_if<sieve::Vacation>(&a)) return *v;
    FAIL_CHECK("no vacation: " << result.error.value_or(""));
    return sieve::Vacation{};
  };
  auto plain = vacation_of("require \"vacation\"; vacation \"away\";");
  CHECK(plain.period_seconds == 7 * 86400);
  CHECK_FALSE(plain.handle.empty());
  CHECK(vacation_of("require \"vacation\"; vacation \"away\";").handle == plain.handle);
  CHECK(vacation_of("require \"vacation\"; vacation :subject \"x\" \"away\";").handle != plain.handle);
  CHECK(vacation_of("require \"vacation\"; vacation :days 0 \"away\";").period_seconds == 86400);
  CHECK(vacation_of("require \"vacation\"; vacation :days 3 \"away\";").period_seconds == 3 * 86400);
  CHECK(vacation_of("require \"vacation-seconds\"; vacation :seconds 0 \"away\";").period_seconds == 0);
  auto full = vacation_of("require [\"vacation\", \"variables\"]; set \"who\" \"Bugs\";\r\n"
                          "vacation :handle \"h\" :subject \"Away, ${who}\" :from \"bugs@example.org\"\r\n"
                          "  :addresses [\"bugs@example.org\", \"b@example.org\"] :mime \"body\";");
  CHECK(full.handle == "h");
  CHECK(full.subject == "Away, Bugs");
  CHECK(full.from == "bugs@example.org");
  CHECK(full.addresses.size() == 2);
  CHECK(full.mime);
  // At most one vacation per run.
  CHECK(sieve_actions("require \"vacation\"; vacation \"a\"; vacation \"b\";").rfind("error: ", 0) == 0);
}
