// The interpreter's pieces on their own: date parts, variable expansion, address parts and
// the editable header.
#include <doctest/doctest.h>

#include "../../libs/sieve/src/eval_date.hpp"
#include "../../libs/sieve/src/eval_message.hpp"
#include "../../libs/sieve/src/match_address.hpp"
#include "../../libs/sieve/src/value_variables.hpp"

using namespace carteiro::sieve;

TEST_CASE("sieve date parts across zones, leap days and before 1970") {
  ZonedTime leap{951782400 + 3600 * 23, 0};  // 2000-02-29 23:00 UTC
  CHECK(date_part(leap, DatePart::date) == "2000-02-29");
  CHECK(date_part({leap.unix_seconds, 60}, DatePart::date) == "2000-03-01");
  CHECK(date_part({leap.unix_seconds, 60}, DatePart::weekday) == "3");
  ZonedTime before{-1, 0};
  CHECK(date_part(before, DatePart::std11) == "Wed, 31 Dec 1969 23:59:59 +0000");
  CHECK(date_part(before, DatePart::julian) == "40586");
  CHECK(date_part({0, -330}, DatePart::iso8601) == "1969-12-31T18:30:00-05:30");
  CHECK(parse_zone("+0530") == 330);
  CHECK(parse_zone("-1200") == -720);
  CHECK_FALSE(parse_zone("0530"));
  CHECK_FALSE(parse_zone("+05:30"));
  CHECK_FALSE(parse_zone("+0575"));
  auto received = field_date("Received", "from a by b; Tue, 15 Jan 2008 10:20:30 +0100");
  REQUIRE(received);
  CHECK(received->unix_seconds == 1200388830);
  CHECK_FALSE(field_date("Received", "from a by b"));
}

TEST_CASE("sieve variables: expansion and bounds") {
  Variables v;
  v.set("Name", "value");
  CHECK(v.expand("${name}-${NAME}") == "value-value");
  CHECK(v.expand("${unknown}") == "");
  CHECK(v.expand("${") == "${");
  CHECK(v.expand("a${na me}b") == "a${na me}b");
  CHECK(v.expand("${${name}}") == "${value}");  // one pass only
  v.set_matches({"whole", "one"});
  CHECK(v.expand("${0}/${01}/${2}/${10}") == "whole/one//");
  v.set("big", std::string(kMaxVariableSize + 100, 'x'));
  CHECK(v.get("big").size() == kMaxVariableSize);
  CHECK(truncate_utf8("\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9");
  CHECK(valid_variable_name("_a1"));
  CHECK_FALSE(valid_variable_name("1a"));
}

TEST_CASE("sieve address parts") {
  auto list = addresses_in("\"A, B\" <a+tag@Example.ORG>, group: c@d.example;, root, (comment) e@f.example");
  REQUIRE(list.size() == 4);
  CHECK(address_part(list[0], AddressPart::all) == "a+tag@Example.ORG");
  CHECK(address_part(list[0], AddressPart::user) == "a");
  CHECK(address_part(list[0], AddressPart::detail) == "tag");
  CHECK(address_part(list[1], AddressPart::domain) == "d.example");
  CHECK(address_part(list[2], AddressPart::all) == "root");
  CHECK_FALSE(address_part(list[2], AddressPart::detail));
  CHECK(address_part(envelope_address("<x+@y.example>"), AddressPart::detail) == "");
  CHECK(address_part(envelope_address(""), AddressPart::all) == "");
}

TEST_CASE("sieve message view: fields, folding and edits") {
  MessageView view("Subject: =?ISO-8859-1?Q?caf=E9?=\r\n\tfolded\r\nX-A: 1\r\n\r\nbody\r\n");
  REQUIRE(view.decoded_values("subject").size() == 1);
  CHECK(view.decoded_values("subject")[0] == "caf\xc3\xa9\tfolded");  // unfolding keeps the blank
  CHECK(view.body() == "body\r\n");
  CHECK_FALSE(view.edited());
  view.add_field("X-Long", std::string(50, 'a') + " " + std::string(50, 'b'), true);
  CHECK(view.header_section().find("X-Long: " + std::string(50, 'a') + "\r\n " + std::string(50, 'b') + "\r\n") !=
        std::string::npos);
  std::string long_utf8;
  for (int i = 0; i < 40; ++i) long_utf8 += "\xc3\xa9t\xc3\xa9 ";
  view.add_field("X-Utf8", long_utf8, false);
  CHECK(view.header_section().rfind("X-Utf8: =?UTF-8?B?", 0) == 0);
  CHECK(view.header_section().find("?=\r\n =?UTF-8?B?") != std::string::npos);
  REQUIRE(view.decoded_values("x-utf8").size() == 1);
  CHECK(view.decoded_values("x-utf8")[0] == long_utf8);
  CHECK(view.delete_fields("x-a", [](std::size_t, std::size_t, const std::string&) { return true; }) == 1);
  CHECK_FALSE(view.has_field("X-A"));
  CHECK(valid_field_name("X-Ok"));
  CHECK_FALSE(valid_field_name("Bad:Name"));
  CHECK_FALSE(valid_field_name("Bad Name"));
  CHECK_FALSE(valid_field_name(""));

  MessageView headerless("just a body line\r\n");
  CHECK(headerless.body() == "just a body line\r\n");
  CHECK(headerless.header_section() == "\r\n");
}
