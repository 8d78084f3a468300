#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtp/command.hpp"

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
