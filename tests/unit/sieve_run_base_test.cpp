// RFC 5228: the base commands and tests, the implicit keep, run-time errors and limits.
#include <doctest/doctest.h>

#include "sieve_run_support.hpp"

using carteiro::test::sieve_actions;
using namespace carteiro;
using carteiro::test::FakeSieveEnvironment;

TEST_CASE("sieve run: the implicit keep and the actions that cancel it (RFC 5228 2.10.2)") {
  CHECK(sieve_actions("") == "keep");
  CHECK(sieve_actions("keep;") == "keep");
  CHECK(sieve_actions("keep; keep;") == "keep");
  CHECK(sieve_actions("discard;") == "discard");
  CHECK(sieve_actions("require \"fileinto\"; fileinto \"spam\";") == "fileinto spam");
  CHECK(sieve_actions("require [\"fileinto\", \"copy\"]; fileinto :copy \"spam\";") == "fileinto spam :copy | keep");
  CHECK(sieve_actions("redirect \"bob@example.org\";") == "redirect bob@example.org");
  CHECK(sieve_actions("require \"copy\"; redirect :copy \"bob@example.org\";") == "redirect bob@example.org :copy | keep");
  CHECK(sieve_actions("discard; keep;") == "keep");
  CHECK(sieve_actions("stop; discard;") == "keep");
}

TEST_CASE("sieve run: the same action twice is done once (RFC 5228 2.10.3)") {
  CHECK(sieve_actions("require \"fileinto\"; fileinto \"a\"; fileinto \"a\";") == "fileinto a");
  CHECK(sieve_actions("require \"fileinto\"; keep; fileinto \"INBOX\";") == "keep");
  CHECK(sieve_actions("require \"fileinto\"; fileinto \"inbox\";") == "keep");
  CHECK(sieve_actions("redirect \"a@example.org\"; redirect \"A@example.org\";") == "redirect a@example.org");
}

TEST_CASE("sieve run: if, elsif, else and stop") {
  const char* chain =
      "require \"fileinto\";\r\n"
      "if header :is \"X-Caffeine\" \"C8H10N4O2\" { fileinto \"coffee\"; }\r\n"
      "elsif true { fileinto \"elsif\"; }\r\n"
      "else { fileinto \"else\"; }\r\n";
  CHECK(sieve_actions(chain) == "fileinto coffee");
  CHECK(sieve_actions("require \"fileinto\"; if false { fileinto \"a\"; } elsif false { fileinto \"b\"; } "
                      "else { fileinto \"c\"; }") == "fileinto c");
  CHECK(sieve_actions("require \"fileinto\"; if false { fileinto \"a\"; } elsif true { fileinto \"b\"; } "
                      "else { fileinto \"c\"; }") == "fileinto b");
  CHECK(sieve_actions("require \"fileinto\"; if true { fileinto \"a\"; stop; } fileinto \"b\";") == "fileinto a");
  CHECK(sieve_actions("require \"fileinto\"; if true { } if false { } else { fileinto \"x\"; }") == "fileinto x");
}

TEST_CASE("sieve run: RFC 5228 section 9 example") {
  const char* script = R"sieve(require ["fileinto"];
if header :is "Sender" "owner-ietf-mta-filters@imc.org" { fileinto "filter"; }
elsif address :DOMAIN :is ["From", "To"] "example.com" { keep; }
elsif anyof (NOT address :all :contains ["To", "Cc", "Bcc"] "me@example.com",
             header :matches "subject" ["*make*money*fast*", "*university*dipl*mas*"]) {
  fileinto "spam";
}
else { fileinto "personal"; }
)sieve";
  CHECK(sieve_actions(script) == "fileinto spam");
  std::string to_me = "From: a@example.com\r\nTo: me@example.com\r\nSubject: hi\r\n\r\nbody\r\n";
  CHECK(sieve_actions(script, to_me) == "keep");
  std::string personal = "From: a@else.example\r\nTo: me@example.com.au\r\nSubject: hi\r\n\r\nbody\r\n";
  CHECK(sieve_actions(script, personal) == "fileinto personal");
  std::string list = "Sender: owner-ietf-mta-filters@imc.org\r\n\r\n";
  CHECK(sieve_actions(script, list) == "fileinto filter");
  std::string spam = "From: x@y.example\r\nTo: me@example.com.au\r\nSubject: Make MONEY fast now\r\n\r\n";
  CHECK(sieve_actions(script, spam) == "fileinto spam");
}

TEST_CASE("sieve run: header, address, envelope, exists, size") {
  // Header values are compared decoded (RFC 5228 5.7); ascii-casemap is the default.
  CHECK(sieve_actions("if header :contains \"subject\" \"present for YOU \xe2\x98\xba\" { discard; }") == "discard");
  CHECK(sieve_actions("if header :is \"X-None\" \"\" { discard; }") == "keep");
  CHECK(sieve_actions("if header :contains \"X-Caffeine\" \"\" { discard; }") == "discard");
  CHECK(sieve_actions("if header :is :comparator \"i;octet\" \"X-Caffeine\" \"c8h10n4o2\" { discard; }") == "keep");
  CHECK(sieve_actions("if address :is :localpart \"From\" \"coyote\" { discard; }") == "discard");
  CHECK(sieve_actions("if address :is :domain \"To\" \"ACME.example.com\" { discard; }") == "discard");
  CHECK(sieve_actions("if address :is :all \"To\" \"bugs@acme.example.com\" { discard; }") == "discard");
  CHECK(sieve_actions("if address :is \"From\" \"Wile E. Coyote\" { discard; }") == "keep");
  // Group members count, the group name does not.
  CHECK(sieve_actions("if address :is \"Cc\" \"daffy@example.net\" { discard; }") == "discard");
  CHECK(sieve_actions("if address :contains \"Cc\" \"friends\" { discard; }") == "keep");
  CHECK(sieve_actions("require \"envelope\"; if envelope :is :domain \"from\" \"desert.example.org\" { discard; }") ==
        "discard");
  CHECK(sieve_actions("require \"envelope\"; if envelope :is \"to\" \"roadrunner+birds@acme.example.com\" "
                      "{ discard; }") == "discard");
  CHECK(sieve_actions("if exists [\"From\", \"X-Caffeine\"] { discard; }") == "discard");
  CHECK(sieve_actions("if exists [\"From\", \"X-Nope\"] { discard; }") == "keep");
  CHECK(sieve_actions("if size :over 100 { discard; }") == "discard");
  CHECK(sieve_actions("if size :under 1K { discard; }") == "discard");
  CHECK(sieve_actions("if size :over 1M { discard; }") == "keep");
  CHECK(sieve_actions("if not true { discard; }") == "keep");
  CHECK(sieve_actions("if allof (true, false) { discard; }") == "keep");
  CHECK(sieve_actions("if anyof (false, true) { discard; }") == "discard");
}

TEST_CASE("sieve run: the null sender (RFC 5228 5.4)") {
  FakeSieveEnvironment environment;
  auto input = carteiro::test::sample_input();
  input.envelope_from = "";
  auto result = carteiro::test::run_sieve(
      "require \"envelope\"; if envelope :is :all \"from\" \"\" { discard; }", input, environment);
  CHECK(carteiro::test::describe(result) == "discard");
}

TEST_CASE("sieve run: reject and ereject (RFC 5429)") {
  CHECK(sieve_actions("require \"reject\"; reject \"no thanks\";") == "reject no thanks");
  CHECK(sieve_actions("require \"ereject\"; ereject \"no\";") == "ereject no");
  // Section 2.1: reject with keep, fileinto or redirect is a run-time error: keep.
  CHECK(sieve_actions("require \"reject\"; keep; reject \"no\";").rfind("error: ", 0) == 0);
  CHECK(sieve_actions("require [\"reject\", \"fileinto\"]; reject \"no\"; fileinto \"x\";").rfind("error: ", 0) == 0);
  CHECK(sieve_actions("require \"reject\"; reject \"no\"; redirect \"a@example.org\";").rfind("error: ", 0) == 0);
  CHECK(sieve_actions("require \"reject\"; discard; reject \"no\";") == "reject no");
}

TEST_CASE("sieve run: a run-time error keeps the message, and only that (RFC 5228 2.10.6)") {
  FakeSieveEnvironment environment;
  auto result = carteiro::test::run_sieve(
      "require [\"reject\", \"fileinto\"]; fileinto \"a\"; reject \"no\";", carteiro::test::sample_input(),
      environment);
  REQUIRE(result.error);
  CHECK(carteiro::test::describe(result) == "keep");
  CHECK(result.duplicates.empty());
  CHECK_FALSE(result.edited_header);
}

TEST_CASE("sieve run: limits") {
  FakeSieveEnvironment environment;
  auto input = carteiro::test::sample_input();
  sieve::Limits limits;
  limits.max_redirects = 2;
  auto result = carteiro::test::run_sieve(
      "redirect \"a@example.org\"; redirect \"b@example.org\"; redirect \"c@example.org\";", input, environment, limits);
  REQUIRE(result.error);
  CHECK(result.error->find("redirects") != std::string::npos);
  CHECK(carteiro::test::describe(result) == "keep");

  limits = {};
  limits.max_actions = 3;
  result = carteiro::test::run_sieve(
      "require \"fileinto\"; fileinto \"a\"; fileinto \"b\"; fileinto \"c\"; fileinto \"d\";", input, environment,
      limits);
  REQUIRE(result.error);
  CHECK(result.error->find("actions") != std::string::npos);

  limits = {};
  limits.max_steps = 10;
  std::string script;
  for (int i = 0; i < 20; ++i) script += "if true { }\r\n";
  result = carteiro::test::run_sieve(script, input, environment, limits);
  REQUIRE(result.error);
  CHECK(result.error->find("steps") != std::string::npos);
  CHECK(carteiro::test::describe(result) == "keep");
}

TEST_CASE("sieve run: comparisons have a budget, so a costly pattern on a large message ends the run") {
  std::string message = "Subject: x\r\n\r\n" + std::string(1 << 20, 'a');
  std::string script = "require \"body\"; if body :raw :matches \"*" + std::string(2000, '?') + "b*\" { discard; }";
  std::string actions = sieve_actions(script, message);
  CHECK(actions.find("error: ") == 0);
  CHECK(actions.find("too long") != std::string::npos);
  // The same pattern on a small message is fine.
  CHECK(sieve_actions(script) == "keep");
}

TEST_CASE("sieve run: an invalid redirect address made of variables is a run-time error") {
  CHECK(sieve_actions("require \"variables\"; set \"a\" \"not an address\"; redirect \"${a}\";").rfind("error: ", 0) == 0);
  CHECK(sieve_actions("require \"variables\"; set \"a\" \"a@x.example, b@x.example\"; redirect \"${a}\";")
            .rfind("error: ", 0) == 0);
  CHECK(sieve_actions("require \"variables\"; set \"a\" \"Bob <bob@Example.ORG>\"; redirect \"${a}\";") ==
        "redirect bob@example.org");
}

TEST_CASE("sieve run: malformed messages never crash") {
  const char* script =
      "require [\"body\", \"date\", \"index\", \"variables\", \"editheader\"];\r\n"
      "if anyof (header :contains \"Subject\" \"x\", address :domain \"From\" \"x\",\r\n"
      "  body :text :contains \"x\", body :raw :contains \"x\", date :index 1 \"Date\" \"year\" \"2008\",\r\n"
      "  header :matches \"Received\" \"*?*\") { discard; }\r\n"
      "deleteheader \"X\"; addheader \"X\" \"y\";\r\n";
  std::string huge_header = "Subject: " + std::string(300000, 'a') + "\r\n\r\nbody";
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 37) & 0xff);
  std::string cases[] = {
      "",
      "no header separator at all",
      "Subject: x",
      "Subject: x\r\nFrom: <<<@@@>>>\r\nDate: not a date\r\n\r\n",
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n",
      huge_header,
      binary,
      "\r\n\r\n\r\n",
      "From: =?UTF-8?B?broken\r\n\tfolded\r\n\r\n",
  };
  for (const std::string& message : cases) {
    std::string actions = sieve_actions(script, message);
    CHECK_FALSE(actions.empty());
  }
}
