#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtp/command.hpp"
#include "carteiro/smtp/reply.hpp"

using namespace carteiro::smtp;

TEST_CASE("smtp command: verbs are case-insensitive (RFC 5321 section 2.4)") {
  CHECK(parse_command_line("HELO crepes.fr").verb == Verb::helo);
  CHECK(parse_command_line("Helo mail.ifrn.local").verb == Verb::helo);
  CHECK(parse_command_line("ehlo x").verb == Verb::ehlo);
  CHECK(parse_command_line("Mail From: <a@b>").verb == Verb::mail);
  CHECK(parse_command_line("rCpT TO:<a@b>").verb == Verb::rcpt);
  CHECK(parse_command_line("Quit").verb == Verb::quit);
  CHECK(parse_command_line("starttls").verb == Verb::starttls);
  CHECK(parse_command_line("TURN").verb == Verb::turn);
  CHECK(parse_command_line("BDAT 10 LAST").verb == Verb::bdat);
}

TEST_CASE("smtp command: argument is trimmed, verb kept as typed") {
  auto c = parse_command_line("  MAIL   FROM:<a@b>  SIZE=10   ");
  CHECK(c.verb == Verb::mail);
  CHECK(c.verb_text == "MAIL");
  CHECK(c.argument == "FROM:<a@b>  SIZE=10");
  CHECK(parse_command_line("DATA").argument.empty());
  CHECK(parse_command_line("NOOP\tx").argument == "x");
}

TEST_CASE("smtp command: unknown, empty, truncated and binary input") {
  CHECK(parse_command_line("").verb == Verb::unknown);
  CHECK(parse_command_line("   ").verb == Verb::unknown);
  CHECK(parse_command_line("MAI").verb == Verb::unknown);
  CHECK(parse_command_line("MAILFROM:<a@b>").verb == Verb::unknown);
  CHECK(parse_command_line("HELOX").verb == Verb::unknown);
  CHECK(parse_command_line(std::string("HE\0LO x", 7)).verb == Verb::unknown);
  CHECK(parse_command_line("\xff\xfe\x01").verb == Verb::unknown);
  CHECK(parse_command_line("H\xc3\x89LO x").verb == Verb::unknown);
  CHECK(parse_command_line(std::string(100000, 'A')).verb == Verb::unknown);
  CHECK(verb_name(Verb::rcpt) == "RCPT");
}

TEST_CASE("smtp reply: one line with enhanced status code (RFC 2034)") {
  CHECK(render(kOk) == "250 2.0.0 Ok\r\n");
  CHECK(render(kUnknownUser, "No such user here") == "550 5.1.1 No such user here\r\n");
  CHECK(render(kStartData) == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(render(kGreeting, "mx.test ESMTP") == "220 mx.test ESMTP\r\n");
  CHECK(render(kTooManyRecipients) == "452 4.5.3 Too many recipients\r\n");
}

TEST_CASE("smtp reply: multi-line (RFC 5321 section 4.2.1)") {
  CHECK(render_lines(kHelloOk, {"mx.test", "PIPELINING", "8BITMIME"}) ==
        "250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
  CHECK(render_lines(kExpanded, {"<a@x>", "<b@x>"}) == "250-2.1.5 <a@x>\r\n250 2.1.5 <b@x>\r\n");
  CHECK(render_lines(kOk, {}) == "250 2.0.0 Ok\r\n");
}

TEST_CASE("smtp command: BDAT arguments (RFC 3030 section 2)") {
  auto a = parse_bdat_argument("1000");
  REQUIRE(a);
  CHECK(a->size == 1000);
  CHECK_FALSE(a->last);
  a = parse_bdat_argument("0 last");
  REQUIRE(a);
  CHECK(a->size == 0);
  CHECK(a->last);
  CHECK(parse_bdat_argument("86 LAST")->last);
  CHECK_FALSE(parse_bdat_argument(""));
  CHECK_FALSE(parse_bdat_argument("LAST"));
  CHECK_FALSE(parse_bdat_argument("-1"));
  CHECK_FALSE(parse_bdat_argument("10 FIRST"));
  CHECK_FALSE(parse_bdat_argument("10LAST"));
  CHECK_FALSE(parse_bdat_argument("10 LAST x"));
  CHECK_FALSE(parse_bdat_argument("1234567890123456789"));
  CHECK_FALSE(parse_bdat_argument(std::string("1\0", 2)));
}
