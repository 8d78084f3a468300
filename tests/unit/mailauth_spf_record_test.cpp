// The SPF record grammar (RFC 7208 section 12): what parses, and the permerror reasons.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/mailauth/spf_record.hpp"

using namespace carteiro::mailauth;

namespace {

SpfRecord parsed(std::string_view text) {
  auto result = parse_spf_record(text);
  INFO(text, " -> ", result.error);
  REQUIRE(result.record);
  return *result.record;
}

std::string error_of(std::string_view text) {
  auto result = parse_spf_record(text);
  INFO(text);
  CHECK_FALSE(result.record);
  CHECK_FALSE(result.error.empty());
  return result.error;
}

}  // namespace

TEST_CASE("spf record: version alone and with terms") {
  CHECK(parsed("v=spf1").mechanisms.empty());
  CHECK(parsed("V=SPF1 -ALL").mechanisms.size() == 1);
  CHECK(parsed("v=spf1   a   mx  ").mechanisms.size() == 2);
  CHECK(is_spf_record("v=spf1"));
  CHECK(is_spf_record("v=spf1 -all"));
  CHECK_FALSE(is_spf_record("v=spf10"));
  CHECK_FALSE(is_spf_record("v=spf1\t-all"));
  CHECK_FALSE(is_spf_record("spf2.0/pra"));
  error_of("v=spf2 -all");
}

TEST_CASE("spf record: qualifiers and mechanisms") {
  auto r = parsed("v=spf1 +all -include:_spf.example.com ~a ?mx ptr ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                  "exists:%{ir}.bl.example.org");
  REQUIRE(r.mechanisms.size() == 8);
  CHECK(r.mechanisms[0].qualifier == SpfQualifier::pass);
  CHECK(r.mechanisms[1].qualifier == SpfQualifier::fail);
  CHECK(r.mechanisms[1].kind == SpfMechanismKind::include);
  CHECK(r.mechanisms[2].qualifier == SpfQualifier::softfail);
  CHECK(r.mechanisms[3].qualifier == SpfQualifier::neutral);
  CHECK(r.mechanisms[4].kind == SpfMechanismKind::ptr);
  CHECK_FALSE(r.mechanisms[4].domain_spec);
  CHECK(r.mechanisms[5].network.to_string() == "192.0.2.0");
  CHECK(r.mechanisms[5].cidr4 == 24);
  CHECK(r.mechanisms[6].cidr6 == 32);
  CHECK(r.mechanisms[7].kind == SpfMechanismKind::exists);
  CHECK(r.mechanisms[1].text == "-include:_spf.example.com");
}

TEST_CASE("spf record: dual-cidr-length on a and mx") {
  auto r = parsed("v=spf1 a/24 a//64 a:example.com/16//48 mx:example.org//0 mx/30");
  CHECK(r.mechanisms[0].cidr4 == 24);
  CHECK(r.mechanisms[0].cidr6 == 128);
  CHECK(r.mechanisms[1].cidr4 == 32);
  CHECK(r.mechanisms[1].cidr6 == 64);
  CHECK(r.mechanisms[2].cidr4 == 16);
  CHECK(r.mechanisms[2].cidr6 == 48);
  CHECK(r.mechanisms[2].domain_spec);
  CHECK(r.mechanisms[3].cidr6 == 0);
  CHECK(r.mechanisms[4].cidr4 == 30);
  error_of("v=spf1 a/33");
  error_of("v=spf1 a//129");
  error_of("v=spf1 a/024");
  error_of("v=spf1 a:example.com/");
  error_of("v=spf1 a:example.com//64/24");
  error_of("v=spf1 ip4:192.0.2.0/33");
  error_of("v=spf1 ip6:::1/129");
}

TEST_CASE("spf record: modifiers") {
  auto r = parsed("v=spf1 redirect=_spf.example.com exp=explain._spf.%{d} moo.cow-far_out=man:dog/cat");
  CHECK(r.redirect);
  CHECK(r.exp);
  CHECK(parsed("v=spf1 -all REDIRECT=example.com").redirect);
  CHECK(error_of("v=spf1 redirect=a.example redirect=b.example").find("more than once") != std::string::npos);
  error_of("v=spf1 exp=a.example exp=b.example");
  error_of("v=spf1 redirect=");
  error_of("v=spf1 exp=foo");          // no top label after a dot
  error_of("v=spf1 x=%{q}");           // unknown modifier, bad macro
  CHECK(parsed("v=spf1 x-y= a").mechanisms.size() == 1);  // empty unknown-modifier value
}

TEST_CASE("spf record: domain-spec end and macros") {
  parsed("v=spf1 include:example.com.");
  parsed("v=spf1 a:%{d}");
  parsed("v=spf1 exists:%{l1r+-}._user.%{d}");
  parsed("v=spf1 a:foo-bar.1-2");
  error_of("v=spf1 include:example.123");  // all-numeric top label
  error_of("v=spf1 include:localhost");    // no "." toplabel
  error_of("v=spf1 include:example.-com");
  error_of("v=spf1 include:%{d}com");
  error_of("v=spf1 a:%{x}.example.com");
  error_of("v=spf1 a:%{d0}.example.com");
  error_of("v=spf1 a:%{c}.example.com");  // c, r, t only in explanations
  error_of("v=spf1 a:%{d.example.com");
  error_of("v=spf1 a:%.example.com");
  error_of("v=spf1 a:example.com%");
}

TEST_CASE("spf record: malformed terms are permerrors with a reason") {
  CHECK(error_of("v=spf1 foo").find("unknown mechanism") != std::string::npos);
  error_of("v=spf1 include");
  error_of("v=spf1 include:");
  error_of("v=spf1 exists");
  error_of("v=spf1 all:example.com");
  error_of("v=spf1 all/24");
  error_of("v=spf1 ptr:");
  error_of("v=spf1 ip4");
  error_of("v=spf1 ip4:192.0.2");
  error_of("v=spf1 ip4:192.0.2.256");
  error_of("v=spf1 ip4:192.0.2.01");
  error_of("v=spf1 ip4:2001:db8::1");
  error_of("v=spf1 ip6:192.0.2.1x");
  error_of("v=spf1 ip6:fe80::1%eth0");
  error_of("v=spf1 ip6:zz::1");
  error_of("v=spf1 +");
  error_of("v=spf1 -a:");
  error_of("v=spf1 mx:example.com:25");
}

TEST_CASE("spf record: truncated, oversized and binary input") {
  std::string full = "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com a:mail.example.org/28//64 -all";
  for (std::size_t n = 0; n <= full.size(); ++n) {
    auto result = parse_spf_record(full.substr(0, n));
    CHECK(result.record.has_value() != !result.error.empty());
  }
  std::string big = "v=spf1";
  while (big.size() <= kSpfMaxRecord) big += " ip4:192.0.2.1";
  CHECK(error_of(big).find("longer") != std::string::npos);
  error_of(std::string("v=spf1 a:exa\0mple.com", 21));
  error_of("v=spf1 a:ex\xc3\xa4mple.com");
  error_of("v=spf1 -all\r\n");
  error_of(std::string("v=spf1 \xff\xfe", 9));
}
