#include <doctest/doctest.h>

#include "carteiro/common/address.hpp"
#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"

#include <vector>

using namespace carteiro;

TEST_CASE("strings: case-insensitive helpers") {
  CHECK(iequals("MAIL", "mail"));
  CHECK_FALSE(iequals("MAIL", "mai"));
  CHECK(istarts_with("Mail From:", "MAIL FROM"));
  CHECK(trim("  x \r\n") == "x");
  CHECK(split("a,b,,c", ',').size() == 4);
  CHECK(printable(std::string("a\0b\x7f", 4)) == "a\\x00b\\x7f");
}

TEST_CASE("address: parsing as SMTP envelopes see it") {
  auto a = parse_address("Bob.Smith@Example.COM");
  REQUIRE(a);
  CHECK(a->local == "Bob.Smith");
  CHECK(a->domain == "example.com");
  CHECK(parse_address("\"john doe\"@example.com"));
  CHECK(parse_address("user@[192.0.2.1]"));
  CHECK(parse_address("jos\xc3\xa9@exemplo.com.br"));  // RFC 6531 UTF-8 local part
  CHECK_FALSE(parse_address(""));
  CHECK_FALSE(parse_address("bob"));
  CHECK_FALSE(parse_address("@example.com"));
  CHECK_FALSE(parse_address("bob@"));
  CHECK_FALSE(parse_address("bob..x@example.com"));
  CHECK_FALSE(parse_address(".bob@example.com"));
  CHECK_FALSE(parse_address("bob@exa mple.com"));
  CHECK_FALSE(parse_address("bob@-example.com"));
  CHECK_FALSE(parse_address("bo b@example.com"));
  CHECK_FALSE(parse_address(std::string("bob\0@example.com", 16)));
  CHECK_FALSE(parse_address(std::string(400, 'a') + "@example.com"));
  CHECK(strip_plus_tag("bob+lists") == "bob");
  CHECK(strip_plus_tag("bob") == "bob");
  CHECK(strip_plus_tag("+x") == "+x");
}

TEST_CASE("base64: round trip and strict decoding") {
  for (std::string s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)})
    CHECK(base64_decode(base64_encode(s)) == s);
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK_FALSE(base64_decode("Zm9vYmF"));    // truncated
  CHECK_FALSE(base64_decode("Zm9v YmFy"));  // space
  CHECK_FALSE(base64_decode("Zm=vYmFy"));   // padding in the middle
  CHECK_FALSE(base64_decode("Z==="));
  CHECK_FALSE(base64_decode("\xff\xfe\xfd\xfc"));
}

TEST_CASE("time: RFC 5322 and IMAP formats") {
  CHECK(rfc5322_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
  CHECK(imap_date_time(1700000000) == "14-Nov-2023 22:13:20 +0000");
}

TEST_CASE("strings: eight-bit octets") {
  CHECK(carteiro::has_eight_bit(std::string("x\0y\xff\r\n", 6)));
  CHECK(!carteiro::has_eight_bit("plain ascii\r\n"));
  CHECK(!carteiro::has_eight_bit(""));
}
