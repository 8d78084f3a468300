// DMARC evaluation (RFC 7489 section 6.6) on fixed DNS answers: policy discovery, sp=,
// pct=, strict and relaxed alignment, the From field's refusals, and DKIM signatures that
// pass but must not count.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/mailauth/dmarc.hpp"
#include "mailauth_spf_fake_dns.hpp"

using namespace carteiro::mailauth;
using namespace carteiro::mailauth::dmarc;
using carteiro::mailauth::testing::FakeDns;

namespace {

const PublicSuffixList& psl() {
  static const auto list = PublicSuffixList::parse("com\norg\nco.uk\nuk\n");
  return list;
}

std::string message_from(std::string_view from) {
  return "From: " + std::string(from) + "\r\nTo: bob@example.net\r\nSubject: hi\r\n\r\nbody\r\n";
}

dkim::Result signature(std::string domain, dkim::Status status = dkim::Status::pass) {
  dkim::Result r;
  r.status = status;
  r.domain = std::move(domain);
  r.selector = "sel";
  return r;
}

struct Case {
  FakeDns dns;
  std::string message = message_from("Alice <alice@example.com>");
  SpfResult spf = SpfResult::none;
  std::string spf_domain;
  std::vector<dkim::Result> dkim;
  int sample = 0;

  // The record of example.com, the From domain unless the case says otherwise.
  static Case with_record(const std::string& record) {
    Case c;
    c.dns.txt("_dmarc.example.com", record);
    return c;
  }
  Case& spf_result(SpfResult result, std::string domain) {
    spf = result;
    spf_domain = std::move(domain);
    return *this;
  }

  Outcome run() {
    Evidence evidence;
    evidence.message = message;
    evidence.spf = spf;
    evidence.spf_domain = spf_domain;
    evidence.dkim = &dkim;
    return evaluate(dns, psl(), evidence, sample);
  }
};

}  // namespace

TEST_CASE("dmarc evaluate: p=reject and nothing aligned is a fail to reject") {
  auto c = Case::with_record("v=DMARC1; p=reject");
  c.spf_result(SpfResult::pass, "bounces.other.org");
  c.dkim.push_back(signature("other.org"));
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.from_domain == "example.com");
  CHECK(o.policy_domain == "example.com");
  CHECK(o.record == "v=DMARC1; p=reject");
  CHECK(o.policy == Policy::reject);
  CHECK(o.disposition == Policy::reject);
  CHECK_FALSE(o.spf_aligned);
  CHECK_FALSE(o.dkim_aligned);
  CHECK(o.reason == "neither SPF nor DKIM aligned with example.com");
  CHECK(o.spf_detail ==
        "pass for bounces.other.org, not aligned with example.com (relaxed: organizational domains other.org and "
        "example.com)");
  REQUIRE(o.dkim_details.size() == 1);
  CHECK(o.dkim_details[0].rfind("pass for other.org, not aligned", 0) == 0);
  CHECK(result_name(o.result) == "fail");
}

TEST_CASE("dmarc evaluate: an aligned SPF pass or DKIM pass passes") {
  auto c = Case::with_record("v=DMARC1; p=reject");
  c.spf_result(SpfResult::pass, "mail.example.com");
  auto o = c.run();
  CHECK(o.result == Result::pass);
  CHECK(o.spf_aligned);
  CHECK(o.disposition == Policy::none);
  CHECK(o.policy == Policy::reject);
  CHECK(o.reason == "SPF aligned");
  CHECK(o.spf_detail == "pass for mail.example.com, aligned (relaxed)");

  auto d = Case::with_record("v=DMARC1; p=reject");
  d.spf_result(SpfResult::softfail, "example.com");
  d.dkim.push_back(signature("example.com", dkim::Status::fail));
  d.dkim.push_back(signature("EXAMPLE.com"));
  auto p = d.run();
  CHECK(p.result == Result::pass);
  CHECK(p.dkim_aligned);
  CHECK_FALSE(p.spf_aligned);
  CHECK(p.spf_detail == "softfail for example.com: not a pass");
  CHECK(p.dkim_details[0] == "fail for example.com: not a pass");
  CHECK(p.dkim_details[1] == "pass for EXAMPLE.com, aligned (relaxed)");
}

TEST_CASE("dmarc evaluate: p=quarantine") {
  auto c = Case::with_record("v=DMARC1; p=quarantine");
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.policy == Policy::quarantine);
  CHECK(o.disposition == Policy::quarantine);
  CHECK(o.spf_detail == "none: not a pass");
}

TEST_CASE("dmarc evaluate: strict alignment wants the same name") {
  auto c = Case::with_record("v=DMARC1; p=reject; adkim=s; aspf=s");
  c.spf_result(SpfResult::pass, "mail.example.com");
  c.dkim.push_back(signature("news.example.com"));
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.spf_detail == "pass for mail.example.com, not aligned with example.com (strict: not the same name)");

  auto d = Case::with_record("v=DMARC1; p=reject; adkim=s; aspf=r");
  d.spf_result(SpfResult::pass, "mail.example.com");
  d.dkim.push_back(signature("example.com"));
  auto p = d.run();
  CHECK(p.result == Result::pass);
  CHECK(p.spf_aligned);
  CHECK(p.dkim_aligned);
  CHECK(p.reason == "SPF and DKIM aligned");
  CHECK(p.dkim_details[0] == "pass for example.com, aligned (strict)");
}

TEST_CASE("dmarc evaluate: relaxed alignment stops at the public suffix") {
  Case c;
  c.message = message_from("a@shop.example.co.uk");
  c.dns.txt("_dmarc.example.co.uk", "v=DMARC1; p=reject");
  c.spf_result(SpfResult::pass, "other.co.uk");
  c.dkim.push_back(signature("co.uk"));
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.policy_domain == "example.co.uk");
  CHECK(aligned(psl(), "x.example.co.uk", "example.co.uk", Alignment::relaxed));
  CHECK_FALSE(aligned(psl(), "example.co.uk", "other.co.uk", Alignment::relaxed));
  CHECK_FALSE(aligned(psl(), "", "other.co.uk", Alignment::relaxed));
  CHECK(aligned(psl(), "Example.COM.", "example.com", Alignment::strict));
}

TEST_CASE("dmarc evaluate: the organizational domain's record and sp=") {
  Case c;
  c.message = message_from("alice@mail.example.com");
  c.dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine");
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.policy_domain == "example.com");
  CHECK(o.policy == Policy::quarantine);
  CHECK(o.disposition == Policy::quarantine);

  // Without sp=, p= covers the subdomains.
  Case d;
  d.message = message_from("alice@mail.example.com");
  d.dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
  CHECK(d.run().policy == Policy::reject);

  // A record of the From domain itself: its p=, even with sp= in it.
  Case e;
  e.message = message_from("alice@mail.example.com");
  e.dns.txt("_dmarc.mail.example.com", "v=DMARC1; p=none; sp=reject");
  e.dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
  auto p = e.run();
  CHECK(p.policy_domain == "mail.example.com");
  CHECK(p.policy == Policy::none);
  CHECK(p.disposition == Policy::none);
  CHECK(p.result == Result::fail);
}

TEST_CASE("dmarc evaluate: no record, other TXT records, several records, an invalid record") {
  Case c;
  c.message = message_from("alice@mail.example.com");
  auto o = c.run();
  CHECK(o.result == Result::none);
  CHECK(o.reason == "no DMARC record at _dmarc.mail.example.com nor _dmarc.example.com");
  CHECK(c.dns.queries == 2);

  Case d;
  d.dns.txt("_dmarc.example.com", "v=spf1 -all").txt("_dmarc.example.com", "v=DMARC1; p=reject");
  CHECK(d.run().result == Result::fail);

  Case e;
  e.dns.txt("_dmarc.example.com", "v=DMARC1; p=reject").txt("_dmarc.example.com", "v=DMARC1; p=none");
  auto p = e.run();
  CHECK(p.result == Result::none);
  CHECK(p.reason == "2 DMARC records at _dmarc.example.com");

  auto f = Case::with_record("v=DMARC1; p=sometimes");
  auto q = f.run();
  CHECK(q.result == Result::none);
  CHECK(q.reason == "invalid DMARC record at _dmarc.example.com: invalid p= value");
  CHECK(q.record == "v=DMARC1; p=sometimes");
}

TEST_CASE("dmarc evaluate: pct=0 and pct=100 with the sample") {
  auto c = Case::with_record("v=DMARC1; p=reject; pct=0");
  c.sample = 0;
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK(o.policy == Policy::reject);
  CHECK(o.disposition == Policy::quarantine);
  CHECK(o.reason.find("pct=0 sampled this message out") != std::string::npos);

  auto d = Case::with_record("v=DMARC1; p=quarantine; pct=0");
  CHECK(d.run().disposition == Policy::none);

  auto e = Case::with_record("v=DMARC1; p=reject; pct=100");
  e.sample = 99;
  CHECK(e.run().disposition == Policy::reject);

  auto f = Case::with_record("v=DMARC1; p=reject; pct=50");
  f.sample = 49;
  CHECK(f.run().disposition == Policy::reject);
  f.sample = 50;
  CHECK(f.run().disposition == Policy::quarantine);
}

TEST_CASE("dmarc evaluate: the From field must name one domain (6.6.1)") {
  Case none;
  none.message = "To: bob@example.net\r\nSubject: hi\r\n\r\nbody\r\n";
  auto o = none.run();
  CHECK(o.result == Result::permerror);
  CHECK(o.reason == "no From field");
  CHECK(none.dns.queries == 0);

  Case two;
  two.message = "From: alice@example.com\r\nFrom: mallory@evil.org\r\n\r\nbody\r\n";
  CHECK(two.run().result == Result::permerror);
  CHECK(two.run().reason == "2 From fields");

  Case domains;
  domains.message = message_from("alice@example.com, mallory@evil.org");
  CHECK(domains.run().reason == "From addresses in 2 domains");

  Case same;
  same.message = message_from("alice@example.com, Bob <bob@EXAMPLE.com>");
  same.dns.txt("_dmarc.example.com", "v=DMARC1; p=none");
  CHECK(same.run().result == Result::fail);
  CHECK(same.run().from_domain == "example.com");

  for (const char* bad : {"alice", "alice@[192.0.2.1]", "", "undisclosed:;", "a@.", "a@example..com", "a@ex\x01ample.com"}) {
    Case c;
    c.message = message_from(bad);
    INFO(std::string(bad));
    CHECK(c.run().result == Result::permerror);
  }
}

TEST_CASE("dmarc evaluate: a From domain too long for _dmarc. has no record") {
  std::string domain;
  for (int i = 0; i < 4; ++i) domain += std::string(60, 'a' + i) + ".";
  domain += "com";  // 247 octets: a name, but not with "_dmarc." before it
  Case c;
  c.message = message_from("x@" + domain);
  auto o = c.run();
  CHECK(o.result == Result::none);
  CHECK(o.from_domain == domain);
  CHECK(c.dns.queries == 1);  // the organizational domain's
}

TEST_CASE("dmarc evaluate: a From field folded, in a group, with a trailing dot") {
  Case c;
  c.message = "Subject: x\r\nfrom: Friends:\r\n Alice <alice@Example.COM.>;\r\n\r\nbody\r\n";
  c.dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine");
  auto o = c.run();
  CHECK(o.from_domain == "example.com");
  CHECK(o.result == Result::fail);
}

TEST_CASE("dmarc evaluate: a DKIM pass with content beyond l= or an unsigned From does not count") {
  auto c = Case::with_record("v=DMARC1; p=reject");
  auto beyond = signature("example.com");
  beyond.content_beyond_length = true;
  auto unsigned_from = signature("example.com");
  unsigned_from.unsigned_fields = {"subject", "From"};
  c.dkim = {beyond, unsigned_from};
  auto o = c.run();
  CHECK(o.result == Result::fail);
  CHECK_FALSE(o.dkim_aligned);
  CHECK(o.dkim_details[0] == "pass for example.com, but content beyond l= is unsigned: does not count");
  CHECK(o.dkim_details[1] == "pass for example.com, but a From field is unsigned: does not count");

  auto unsigned_subject = signature("example.com");
  unsigned_subject.unsigned_fields = {"subject"};
  c.dkim = {unsigned_subject};
  CHECK(c.run().result == Result::pass);
}

TEST_CASE("dmarc evaluate: a DNS failure is a temperror") {
  Case c;
  c.dns.fail("_dmarc.example.com");
  auto o = c.run();
  CHECK(o.result == Result::temperror);
  CHECK(o.reason.find("_dmarc.example.com") != std::string::npos);

  Case d;
  d.message = message_from("alice@mail.example.com");
  d.dns.fail("_dmarc.example.com");
  CHECK(d.run().result == Result::temperror);

  Case e;
  e.message = message_from("alice@mail.example.com");
  e.dns.fail("_dmarc.mail.example.com");
  e.dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
  CHECK(e.run().result == Result::temperror);
  CHECK(e.dns.queries == 1);
}
