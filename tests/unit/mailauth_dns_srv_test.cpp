#include <doctest/doctest.h>

#include "carteiro/mailauth/dns_srv.hpp"

using namespace carteiro::mailauth;
using namespace std::string_literals;

TEST_CASE("dns srv: RDATA decoded, the root target means no service, malformed refused") {
  auto record = parse_srv_rdata("\x00\x00\x00\x01\x02\x4b\x04mail\x07" "Example\x03" "com\x00"s);
  REQUIRE(record);
  CHECK(*record == SrvRecord{0, 1, 587, "mail.example.com"});
  CHECK(parse_srv_rdata("\x00\x00\x00\x00\x00\x00\x00"s) == SrvRecord{0, 0, 0, ""});
  CHECK_FALSE(parse_srv_rdata(""));
  CHECK_FALSE(parse_srv_rdata("\x00\x00\x00\x01\x02\x4b"s));                      // no target
  CHECK_FALSE(parse_srv_rdata("\x00\x00\x00\x01\x02\x4b\x04mail"s));              // truncated name
  CHECK_FALSE(parse_srv_rdata("\x00\x00\x00\x01\x02\x4b\x00junk"s));              // bytes after the name
  CHECK_FALSE(parse_srv_rdata("\x00\x00\x00\x01\x02\x4b\xc0\x0c"s));              // compression pointer
  CHECK_FALSE(parse_srv_rdata(std::string(70000, '\x3f')));
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  CHECK_FALSE(parse_srv_rdata(binary));
}
