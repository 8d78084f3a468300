// check_host() (RFC 7208 sections 4 and 5) on the zone and records of appendix A.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "carteiro/mailauth/spf.hpp"
#include "mailauth_spf_fake_dns.hpp"

using namespace carteiro::mailauth;
using carteiro::mailauth::testing::FakeDns;

namespace {

// Appendix A: the example.com and example.org zones and their reverse names, with
// RECORD as example.com's SPF policy.
FakeDns appendix_zone(const std::string& record) {
  FakeDns dns;
  dns.txt("example.com", record)
      .mx("example.com", "mail-a.example.com")
      .mx("example.com", "mail-b.example.com")
      .a("example.com", "192.0.2.10")
      .a("example.com", "192.0.2.11")
      .a("amy.example.com", "192.0.2.65")
      .a("bob.example.com", "192.0.2.66")
      .a("mail-a.example.com", "192.0.2.129")
      .a("mail-b.example.com", "192.0.2.130")
      .a("www.example.com", "192.0.2.10")
      .a("www.example.com", "192.0.2.11")
      .mx("example.org", "mail-c.example.org")
      .a("mail-c.example.org", "192.0.2.140")
      .ptr("192.0.2.10", "example.com")
      .ptr("192.0.2.11", "example.com")
      .ptr("192.0.2.65", "amy.example.com")
      .ptr("192.0.2.66", "bob.example.com")
      .ptr("192.0.2.129", "mail-a.example.com")
      .ptr("192.0.2.130", "mail-b.example.com")
      .ptr("192.0.2.140", "mail-c.example.org")
      .ptr("10.0.0.4", "bob.example.com");
  return dns;
}

SpfOutcome check(FakeDns& dns, const char* ip, const char* domain = "example.com",
                 const char* sender = "someone@example.com") {
  return check_host(dns, asio::ip::make_address(ip), domain, sender, "mx.example.net", "mx.example.net");
}

SpfResult result_for(const std::string& record, const char* ip) {
  auto dns = appendix_zone(record);
  return check(dns, ip).result;
}

constexpr const char* kHosts[] = {"192.0.2.10",  "192.0.2.11",  "192.0.2.65", "192.0.2.66",
                                  "192.0.2.129", "192.0.2.130", "192.0.2.140", "10.0.0.4"};

// The hosts of kHosts for which RECORD gives pass; every other one gets fail.
void check_passing(const std::string& record, std::set<std::string> passing) {
  for (const char* ip : kHosts) {
    INFO(record, " for ", ip);
    CHECK(result_for(record, ip) == (passing.count(ip) != 0 ? SpfResult::pass : SpfResult::fail));
  }
}

}  // namespace

TEST_CASE("spf check_host: appendix A.1 simple examples") {
  check_passing("v=spf1 +all", {kHosts, kHosts + 8});
  check_passing("v=spf1 a -all", {"192.0.2.10", "192.0.2.11"});
  check_passing("v=spf1 a:example.org -all", {});
  check_passing("v=spf1 mx -all", {"192.0.2.129", "192.0.2.130"});
  check_passing("v=spf1 mx:example.org -all", {"192.0.2.140"});
  check_passing("v=spf1 mx mx:example.org -all", {"192.0.2.129", "192.0.2.130", "192.0.2.140"});
  check_passing("v=spf1 mx/30 mx:example.org/30 -all", {"192.0.2.129", "192.0.2.130", "192.0.2.140"});
  CHECK(result_for("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.131") == SpfResult::pass);
  CHECK(result_for("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.143") == SpfResult::pass);
  CHECK(result_for("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.144") == SpfResult::fail);
  // ptr: 192.0.2.65 has valid reverse DNS in example.com; 192.0.2.140's is valid but in
  // example.org; 10.0.0.4's name does not resolve back to it.
  CHECK(result_for("v=spf1 ptr -all", "192.0.2.65") == SpfResult::pass);
  CHECK(result_for("v=spf1 ptr -all", "192.0.2.140") == SpfResult::fail);
  CHECK(result_for("v=spf1 ptr -all", "10.0.0.4") == SpfResult::fail);
  CHECK(result_for("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.65") == SpfResult::fail);
  CHECK(result_for("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.129") == SpfResult::pass);
}

// After appendix A.4, with the ptr target named: inside ptr._spf.example.com the current
// domain is that name, not example.com.
TEST_CASE("spf check_host: appendix A.4 multiple requirements") {
  auto dns = appendix_zone("v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all");
  dns.txt("ip4._spf.example.com", "v=spf1 -ip4:192.0.2.0/24 +all");
  dns.txt("ptr._spf.example.com", "v=spf1 -ptr:example.com +all");
  CHECK(check(dns, "192.0.2.65").result == SpfResult::pass);   // in the network, reverse in example.com
  CHECK(check(dns, "192.0.2.140").result == SpfResult::fail);  // in the network, reverse elsewhere
  CHECK(check(dns, "10.0.0.4").result == SpfResult::fail);     // outside the network
}

TEST_CASE("spf check_host: qualifiers, default neutral, matched mechanism") {
  CHECK(result_for("v=spf1 ~all", "192.0.2.1") == SpfResult::softfail);
  CHECK(result_for("v=spf1 ?all", "192.0.2.1") == SpfResult::neutral);
  CHECK(result_for("v=spf1 ip4:198.51.100.0/24", "192.0.2.1") == SpfResult::neutral);
  auto dns = appendix_zone("v=spf1 a:amy.example.com ip4:192.0.2.64/26 -all");
  auto outcome = check(dns, "192.0.2.66");
  CHECK(outcome.result == SpfResult::pass);
  CHECK(outcome.mechanism == "ip4:192.0.2.64/26");
}

TEST_CASE("spf check_host: record selection (section 4.5) and domains that get none") {
  FakeDns dns;
  dns.txt("none.example", "google-site-verification=abc").a("none.example", "192.0.2.1");
  dns.txt("two.example", "v=spf1 -all").txt("two.example", "v=spf1 +all");
  dns.txt("mixed.example", "v=spf10 +all").txt("mixed.example", "v=spf1 ip4:192.0.2.1 -all");
  dns.txt("bad.example", "v=spf1 ip4:192.0.2.300 -all");
  CHECK(check(dns, "192.0.2.1", "none.example").result == SpfResult::none);
  CHECK(check(dns, "192.0.2.1", "nowhere.example").result == SpfResult::none);  // NXDOMAIN
  auto two = check(dns, "192.0.2.1", "two.example");
  CHECK(two.result == SpfResult::permerror);
  CHECK(two.problem.find("more than one") != std::string::npos);
  CHECK(check(dns, "192.0.2.1", "mixed.example").result == SpfResult::pass);
  auto bad = check(dns, "192.0.2.1", "bad.example");
  CHECK(bad.result == SpfResult::permerror);
  CHECK(bad.problem.find("IPv4") != std::string::npos);
  int before = dns.queries;
  CHECK(check(dns, "192.0.2.1", "localhost").result == SpfResult::none);  // single label
  CHECK(check(dns, "192.0.2.1", "a..example").result == SpfResult::none);
  CHECK(check(dns, "192.0.2.1", (std::string(64, 'x') + ".example").c_str()).result == SpfResult::none);
  CHECK(dns.queries == before);
}

TEST_CASE("spf check_host: temporary DNS errors are temperror") {
  auto dns = appendix_zone("v=spf1 a:slow.example.net mx:slow.example.net include:slow.example.net -all");
  dns.fail("slow.example.net");
  CHECK(check(dns, "192.0.2.1").result == SpfResult::temperror);
  dns.fail("example.com");
  auto outcome = check(dns, "192.0.2.1");
  CHECK(outcome.result == SpfResult::temperror);
  CHECK_FALSE(outcome.problem.empty());
  auto mx_host = appendix_zone("v=spf1 mx -all");
  mx_host.fail("mail-a.example.com");
  CHECK(check(mx_host, "192.0.2.130").result == SpfResult::temperror);
  // A PTR error only makes ptr not match (section 5.5).
  auto ptr = appendix_zone("v=spf1 ptr -all");
  ptr.fail("192.0.2.65");
  CHECK(check(ptr, "192.0.2.65").result == SpfResult::fail);
}

TEST_CASE("spf check_host: include results (section 5.2 table)") {
  auto dns = appendix_zone("v=spf1 include:inc.example.net -all");
  auto with = [&](const std::string& inner) {
    auto zone = appendix_zone("v=spf1 include:inc.example.net ?all");
    zone.txt("inc.example.net", inner);
    return check(zone, "192.0.2.1").result;
  };
  CHECK(with("v=spf1 +all") == SpfResult::pass);
  CHECK(with("v=spf1 -all") == SpfResult::neutral);
  CHECK(with("v=spf1 ~all") == SpfResult::neutral);
  CHECK(with("v=spf1 ?all") == SpfResult::neutral);
  CHECK(with("v=spf1 bogus") == SpfResult::permerror);
  CHECK(with("v=spf1 a:gone.example.net") == SpfResult::neutral);
  CHECK(with("no spf here") == SpfResult::permerror);  // none -> permerror
  CHECK(check(dns, "192.0.2.1").result == SpfResult::permerror);  // no record at all
}

TEST_CASE("spf check_host: include and redirect loops stop at the term limit") {
  FakeDns dns;
  dns.txt("loop.example", "v=spf1 include:loop.example -all");
  dns.txt("r1.example", "v=spf1 redirect=r2.example");
  dns.txt("r2.example", "v=spf1 redirect=r1.example");
  auto loop = check(dns, "192.0.2.1", "loop.example");
  CHECK(loop.result == SpfResult::permerror);
  CHECK(loop.problem.find("DNS-querying terms") != std::string::npos);
  CHECK(check(dns, "192.0.2.1", "r1.example").result == SpfResult::permerror);
}

TEST_CASE("spf check_host: ten DNS-querying terms and no more (section 4.6.4)") {
  FakeDns dns;
  std::string ten = "v=spf1";
  for (int i = 0; i < 10; ++i) ten += " a:h" + std::to_string(i) + ".example";
  for (int i = 0; i < 11; ++i) dns.a("h" + std::to_string(i) + ".example", "198.51.100.1");
  dns.txt("ten.example", ten + " ip4:192.0.2.1 -all");
  dns.txt("eleven.example", ten + " a:h10.example ip4:192.0.2.1 -all");
  dns.txt("ip.example", "v=spf1 ip4:1.2.3.4 ip4:1.2.3.5 ip4:1.2.3.6 ip4:1.2.3.7 ip4:1.2.3.8 ip4:1.2.3.9 "
                        "ip4:1.2.3.10 ip4:1.2.3.11 ip4:1.2.3.12 ip4:1.2.3.13 ip4:1.2.3.14 all");
  CHECK(check(dns, "192.0.2.1", "ten.example").result == SpfResult::pass);
  CHECK(check(dns, "192.0.2.1", "eleven.example").result == SpfResult::permerror);
  CHECK(check(dns, "192.0.2.1", "ip.example").result == SpfResult::pass);  // ip4 does no DNS
}

TEST_CASE("spf check_host: two void lookups and no more") {
  FakeDns dns;
  dns.a("exists.example", "198.51.100.1");
  dns.txt("two.example", "v=spf1 a:gone1.example exists:gone2.example ip4:192.0.2.1 -all");
  dns.txt("three.example", "v=spf1 a:gone1.example mx:gone2.example a:exists.example exists:gone3.example -all");
  CHECK(check(dns, "192.0.2.1", "two.example").result == SpfResult::pass);
  auto three = check(dns, "192.0.2.1", "three.example");
  CHECK(three.result == SpfResult::permerror);
  CHECK(three.problem.find("void") != std::string::npos);
}

TEST_CASE("spf check_host: MX and PTR name limits") {
  FakeDns dns;
  for (int i = 0; i < 11; ++i) {
    dns.mx("many.example", "mx" + std::to_string(i) + ".many.example");
    dns.a("mx" + std::to_string(i) + ".many.example", "192.0.2." + std::to_string(i + 1));
    dns.ptr("192.0.2.200", "n" + std::to_string(i) + ".many.example");
    dns.a("n" + std::to_string(i) + ".many.example", "192.0.2.200");
  }
  dns.txt("many.example", "v=spf1 mx -all");
  dns.txt("ptr.example", "v=spf1 ptr:n10.many.example -all");
  dns.txt("ptr9.example", "v=spf1 ptr:n9.many.example -all");
  CHECK(check(dns, "192.0.2.1", "many.example").result == SpfResult::permerror);
  CHECK(check(dns, "192.0.2.200", "ptr.example").result == SpfResult::fail);  // the 11th name is ignored
  CHECK(check(dns, "192.0.2.200", "ptr9.example").result == SpfResult::pass);
}

TEST_CASE("spf check_host: redirect (section 6.1)") {
  FakeDns dns;
  dns.txt("r.example", "v=spf1 ip4:198.51.100.1 redirect=_spf.r.example");
  dns.txt("_spf.r.example", "v=spf1 ip4:192.0.2.1 -all");
  dns.txt("all.example", "v=spf1 ?all redirect=_spf.r.example");
  dns.txt("nowhere.example", "v=spf1 redirect=nothing.example");
  CHECK(check(dns, "192.0.2.1", "r.example").result == SpfResult::pass);
  CHECK(check(dns, "198.51.100.1", "r.example").result == SpfResult::pass);
  CHECK(check(dns, "192.0.2.2", "r.example").result == SpfResult::fail);
  CHECK(check(dns, "192.0.2.2", "all.example").result == SpfResult::neutral);  // all matches first
  CHECK(check(dns, "192.0.2.2", "nowhere.example").result == SpfResult::permerror);
}

TEST_CASE("spf check_host: exp explains a fail (section 6.2)") {
  FakeDns dns;
  dns.txt("x.example", "v=spf1 mx:x.example -all exp=explain._spf.%{d}");
  dns.txt("explain._spf.x.example", "%{i} is not one of %{d}'s designated mail servers (see %{r}).");
  dns.txt("y.example", "v=spf1 -all exp=missing.y.example");
  dns.txt("z.example", "v=spf1 include:x.example -all exp=explain.z.example");
  dns.txt("explain.z.example", "z says no to %{s}");
  dns.txt("s.example", "v=spf1 ~all exp=explain._spf.x.example");
  auto fail = check(dns, "192.0.2.1", "x.example");
  CHECK(fail.result == SpfResult::fail);
  CHECK(fail.explanation == "192.0.2.1 is not one of x.example's designated mail servers (see mx.example.net).");
  CHECK(check(dns, "192.0.2.1", "y.example").explanation.empty());
  CHECK(check(dns, "192.0.2.1", "z.example").explanation == "z says no to someone@example.com");
  CHECK(check(dns, "192.0.2.1", "s.example").explanation.empty());
}

TEST_CASE("spf check_host: IPv6 clients, IPv4-mapped clients and exists") {
  auto dns = appendix_zone("v=spf1 ip6:2001:db8::/32 a//64 exists:%{ir}.%{v}.allow.example.com -all");
  dns.a("www.example.org", "2001:db8:1::1");
  dns.a("1.2.0.192.in-addr.allow.example.com", "127.0.0.2");
  CHECK(check(dns, "2001:db8:ffff::1").result == SpfResult::pass);
  CHECK(check(dns, "2001:db9::1").result == SpfResult::fail);
  CHECK(check(dns, "192.0.2.1").result == SpfResult::pass);         // exists, with an A query
  CHECK(check(dns, "::ffff:192.0.2.1").result == SpfResult::pass);  // mapped: evaluated as IPv4
  CHECK(check(dns, "::ffff:192.0.2.2").result == SpfResult::fail);
  auto a6 = appendix_zone("v=spf1 a:www.example.org//48 -all");
  a6.a("www.example.org", "2001:db8:1::1");
  CHECK(check(a6, "2001:db8:1:ffff::9").result == SpfResult::pass);
  CHECK(check(a6, "2001:db8:2::1").result == SpfResult::fail);
  CHECK(result_for("v=spf1 ip4:192.0.2.0/24 -all", "::ffff:192.0.2.7") == SpfResult::pass);
}

TEST_CASE("spf check_host: the p macro uses validated names") {
  auto dns = appendix_zone("v=spf1 exists:%{p}.ok.example.com -all");
  dns.a("amy.example.com.ok.example.com", "127.0.0.2");
  CHECK(check(dns, "192.0.2.65").result == SpfResult::pass);
  CHECK(check(dns, "10.0.0.4").result == SpfResult::fail);  // "unknown.ok.example.com"
}

TEST_CASE("spf identities: MAIL FROM, the null sender and HELO") {
  FakeDns dns;
  dns.txt("example.com", "v=spf1 exists:%{l}.users.example.com -all");
  dns.a("alice.users.example.com", "127.0.0.2");
  dns.a("postmaster.users.example.com", "127.0.0.2");
  dns.txt("helo.example.com", "v=spf1 ip4:192.0.2.1 -all");
  const auto ip = asio::ip::make_address("192.0.2.1");
  CHECK(spf_for_mail_from(dns, ip, "alice@example.com", "helo.example.com").result == SpfResult::pass);
  CHECK(spf_for_mail_from(dns, ip, "bob@EXAMPLE.com", "helo.example.com").result == SpfResult::fail);
  CHECK(spf_for_mail_from(dns, ip, "", "helo.example.com").result == SpfResult::pass);
  CHECK(spf_for_helo(dns, ip, "helo.example.com").result == SpfResult::pass);
  CHECK(spf_for_helo(dns, asio::ip::make_address("192.0.2.2"), "helo.example.com").result == SpfResult::fail);
  CHECK(spf_for_helo(dns, ip, "[192.0.2.1]").result == SpfResult::none);
  CHECK(check_host(dns, ip, "example.com", "@example.com", "h.example").result == SpfResult::pass);  // postmaster
}

TEST_CASE("spf Received-SPF field (section 9.1)") {
  SpfReceivedSpf info;
  info.outcome.result = SpfResult::pass;
  info.outcome.mechanism = "ip4:192.0.2.0/24";
  info.client_ip = asio::ip::make_address("::ffff:192.0.2.1");
  info.envelope_from = "myname@example.com";
  info.helo = "foo.example.com";
  info.receiver = "mybox.example.org";
  CHECK(received_spf_field(info) ==
        "Received-SPF: pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted "
        "sender) receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; "
        "helo=foo.example.com; mechanism=\"ip4:192.0.2.0/24\"; identity=mailfrom");
  info.outcome = {SpfResult::permerror, {}, {}, "x.example: unknown mechanism \"foo\""};
  info.envelope_from = "";
  info.identity = SpfIdentity::helo;
  auto field = received_spf_field(info);
  CHECK(field.starts_with("Received-SPF: permerror (mybox.example.org: error in processing during lookup of "
                          "postmaster@foo.example.com)"));
  CHECK(field.find("envelope-from=\"\"") != std::string::npos);
  CHECK(field.find("problem=\"x.example: unknown mechanism \\\"foo\\\"\"") != std::string::npos);
  CHECK(field.ends_with("identity=helo"));
}
