#include <doctest/doctest.h>

#include <string>

#include "carteiro/mailauth/dns_wire.hpp"

using namespace carteiro::mailauth;
using namespace std::string_literals;

TEST_CASE("TXT rdata joins its character-strings without spaces") {
  CHECK(parse_txt_rdata("\x06v=spf1\x05 -all"s) == "v=spf1 -all");
  CHECK(parse_txt_rdata("\x00"s) == "");
  CHECK(parse_txt_rdata("\x03" "abc" "\x00" "\x01" "d"s) == "abcd");
  CHECK(parse_txt_rdata("\x03\x00\xff\x7f"s) == "\x00\xff\x7f"s);  // binary octets kept as they are
}

TEST_CASE("TXT rdata that is empty or truncated is refused") {
  CHECK(!parse_txt_rdata(""));
  CHECK(!parse_txt_rdata("\x05" "abc"s));
  CHECK(!parse_txt_rdata("\x02" "ab" "\x09" "x"s));
  std::string oversized(1, '\xff');
  oversized += std::string(254, 'a');
  CHECK(!parse_txt_rdata(oversized));
  oversized += 'a';
  CHECK(parse_txt_rdata(oversized) == std::string(255, 'a'));
}

TEST_CASE("PTR rdata is exactly one non-root name") {
  CHECK(parse_ptr_rdata("\x04mail\x07" "example\x04test\x00"s) == "mail.example.test");
  CHECK(parse_ptr_rdata("\x04MAIL\x04test\x00"s) == "mail.test");
  CHECK(!parse_ptr_rdata("\x00"s));                        // the root names no host
  CHECK(!parse_ptr_rdata("\x04mail\x04test"s));            // truncated: no root label
  CHECK(!parse_ptr_rdata("\x04mail\x00\x01x"s));           // trailing octets
  CHECK(!parse_ptr_rdata("\xc0\x0c"s));                    // compression pointer
  CHECK(!parse_ptr_rdata(""));
}

TEST_CASE("the reverse lookup name of IPv4, IPv6 and mapped addresses") {
  CHECK(reverse_lookup_name(asio::ip::make_address("192.0.2.10")) == "10.2.0.192.in-addr.arpa");
  CHECK(reverse_lookup_name(asio::ip::make_address("::ffff:192.0.2.10")) == "10.2.0.192.in-addr.arpa");
  CHECK(reverse_lookup_name(asio::ip::make_address("2001:db8::1")) ==
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
}
