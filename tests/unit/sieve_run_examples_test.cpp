// Example scripts in the manner of RFC 5232, RFC 3894, RFC 5429, RFC 6131 and RFC 5293,
// run on messages they are written for.
#include <doctest/doctest.h>

#include "sieve_run_support.hpp"

using namespace carteiro;
using namespace carteiro::test;

TEST_CASE("sieve example: imap4flags filing mail from the boss (RFC 5232)") {
  const char* script = R"sieve(require ["imap4flags", "fileinto"];
if header :contains "from" "boss@frobnitzm.example.edu" {
    setflag "\\Flagged";
    fileinto "INBOX.From Boss";
}
if address :domain :is "from" "frobnitzm.example.edu" {
    addflag "\\Seen";
    fileinto "INBOX.Frobnitzm";
}
removeflag "\\Flagged";
)sieve";
  CHECK(sieve_actions(script, "From: boss@frobnitzm.example.edu\r\n\r\n") ==
        "fileinto INBOX.From Boss [\\Flagged] | fileinto INBOX.Frobnitzm [\\Flagged \\Seen]");
  CHECK(sieve_actions(script, "From: other@frobnitzm.example.edu\r\n\r\n") == "fileinto INBOX.Frobnitzm [\\Seen]");
  // Nothing filed: the implicit keep takes the flags the script left (section 3).
  CHECK(sieve_actions("require \"imap4flags\"; addflag [\"\\\\Seen\", \"\\\\Flagged\"]; removeflag \"\\\\Flagged\";") ==
        "keep [\\Seen]");
}

TEST_CASE("sieve example: copy (RFC 3894)") {
  CHECK(sieve_actions("require [\"copy\", \"fileinto\"];\r\nfileinto :copy \"incoming\";\r\n") ==
        "fileinto incoming :copy | keep");
  CHECK(sieve_actions("require [\"copy\"];\r\nredirect :copy \"archive@example.org\";\r\ndiscard;\r\n") ==
        "redirect archive@example.org :copy | discard");
}

TEST_CASE("sieve example: ereject and reject (RFC 5429)") {
  const char* script = R"sieve(require ["ereject"];
if address "from" "someone@example.com" {
    ereject "I no longer accept mail from this address";
}
)sieve";
  CHECK(sieve_actions(script, "From: someone@example.com\r\n\r\n") ==
        "ereject I no longer accept mail from this address");
  CHECK(sieve_actions(script) == "keep");
  CHECK(sieve_actions("require \"reject\";\r\nif size :over 100 { reject text:\r\nToo big.\r\n.\r\n; }") ==
        "reject Too big.\r\n");
}

TEST_CASE("sieve example: vacation-seconds (RFC 6131)") {
  FakeSieveEnvironment environment;
  auto result = run_sieve(R"sieve(require ["vacation-seconds"];
vacation :addresses ["tjs@example.edu", "ts4z@landru.example.edu"]
         :seconds 1800
         "I am in a meeting, and do not have access to email.";
)sieve",
                          sample_input(), environment);
  REQUIRE(result.actions.size() == 2);
  auto* vacation = std::get_if<sieve::Vacation>(&result.actions[0]);
  REQUIRE(vacation);
  CHECK(vacation->period_seconds == 1800);
  CHECK(vacation->addresses == std::vector<std::string>{"tjs@example.edu", "ts4z@landru.example.edu"});
  CHECK(vacation->reason == "I am in a meeting, and do not have access to email.");
}

TEST_CASE("sieve example: editheader marking and cleaning (RFC 5293)") {
  FakeSieveEnvironment environment;
  std::string message =
      "X-Spam-Score: 12\r\nX-Spam-Score: 3\r\nSubject: offer\r\n\r\nbuy\r\n";
  auto result = run_sieve(R"sieve(require ["editheader", "relational", "comparator-i;ascii-numeric", "variables"];
if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "10" {
    deleteheader "X-Spam-Score";
    addheader "X-Spam" "yes";
    if header :matches "Subject" "*" { set "subject" "${1}"; }
    deleteheader "Subject";
    addheader :last "Subject" "[SPAM] ${subject}";
}
)sieve",
                          sample_input(message), environment);
  CHECK(describe(result) == "keep");
  REQUIRE(result.edited_header);
  CHECK(*result.edited_header == "X-Spam: yes\r\nSubject: [SPAM] offer\r\n\r\n");
}
