// The DMARC record (RFC 7489 sections 6.3 and 6.4): what parses, the defaults, the
// p=none fallback of section 6.6.3, and malformed, truncated, oversized and binary input.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/mailauth/dmarc.hpp"

using namespace carteiro::mailauth::dmarc;

namespace {

Record parsed(std::string_view text) {
  auto result = parse_record(text);
  auto* error = std::get_if<RecordError>(&result);
  INFO(text, " -> ", error ? error->reason : "");
  REQUIRE(std::holds_alternative<Record>(result));
  return std::get<Record>(result);
}

std::string error_of(std::string_view text) {
  auto result = parse_record(text);
  INFO(text);
  REQUIRE(std::holds_alternative<RecordError>(result));
  CHECK_FALSE(std::get<RecordError>(result).reason.empty());
  return std::get<RecordError>(result).reason;
}

}  // namespace

TEST_CASE("dmarc record: the minimal record and the defaults") {
  auto r = parsed("v=DMARC1; p=reject");
  CHECK(r.policy == Policy::reject);
  CHECK_FALSE(r.subdomain_policy);
  CHECK(r.dkim_alignment == Alignment::relaxed);
  CHECK(r.spf_alignment == Alignment::relaxed);
  CHECK(r.percent == 100);
  CHECK(r.aggregate_report_to.empty());
  CHECK(parsed("v=DMARC1;p=none;").policy == Policy::none);
  CHECK(parsed("  v = DMARC1 ;  p = Quarantine  ").policy == Policy::quarantine);
  CHECK(policy_name(Policy::quarantine) == "quarantine");
}

TEST_CASE("dmarc record: every tag the receiver acts on") {
  auto r = parsed("v=DMARC1; p=none; sp=reject; adkim=s; aspf=s; pct=25; "
                  "rua=mailto:agg@example.org!10m, mailto:other@example.net; ruf=mailto:f@example.org; "
                  "fo=1:d; rf=afrf; ri=3600; future=tag");
  CHECK(r.policy == Policy::none);
  CHECK(r.subdomain_policy == Policy::reject);
  CHECK(r.dkim_alignment == Alignment::strict);
  CHECK(r.spf_alignment == Alignment::strict);
  CHECK(r.percent == 25);
  REQUIRE(r.aggregate_report_to.size() == 2);
  CHECK(r.aggregate_report_to[0] == "mailto:agg@example.org!10m");
  CHECK(r.aggregate_report_to[1] == "mailto:other@example.net");
  REQUIRE(r.failure_report_to.size() == 1);
  CHECK(r.failure_report_to[0] == "mailto:f@example.org");
  CHECK(r.failure_options == "1:d");
  CHECK(r.report_format == "afrf");
  CHECK(r.report_interval == 3600);
}

TEST_CASE("dmarc record: pct bounds and lenient optional tags") {
  CHECK(parsed("v=DMARC1; p=reject; pct=0").percent == 0);
  CHECK(parsed("v=DMARC1; p=reject; pct=100").percent == 100);
  CHECK(parsed("v=DMARC1; p=reject; pct=101").percent == 100);
  CHECK(parsed("v=DMARC1; p=reject; pct=-1").percent == 100);
  CHECK(parsed("v=DMARC1; p=reject; pct=1000").percent == 100);
  CHECK(parsed("v=DMARC1; p=reject; pct=5x").percent == 100);
  CHECK(parsed("v=DMARC1; p=reject; adkim=x; aspf=").dkim_alignment == Alignment::relaxed);
  auto lenient = parsed("v=DMARC1; p=reject; fo=zz; rf=; ri=never");
  CHECK(lenient.policy == Policy::reject);
  CHECK(lenient.failure_options == "0");
  CHECK(lenient.report_format == "afrf");
  CHECK(lenient.report_interval == 86400);
  CHECK(parsed("v=DMARC1; p=reject; fo=0 : S").failure_options == "0:s");
  CHECK(parsed("v=DMARC1; p=reject; fo=1:x").failure_options == "0");
  CHECK(parsed("v=DMARC1; p=reject; ri=4294967296").report_interval == 86400);
  CHECK(parsed("v=DMARC1; p=reject; ri=4294967295").report_interval == 4294967295u);
  CHECK(parsed("v=DMARC1; p=reject; rf=AFRF:iodef").report_format == "afrf:iodef");
  CHECK(parsed("v=DMARC1; p=reject; rua=not a uri, :x, mailto:").aggregate_report_to.empty());
}

TEST_CASE("dmarc record: v=DMARC1 must come first and be exact") {
  CHECK(error_of("p=reject; v=DMARC1") == "does not start with v=DMARC1");
  error_of("v=DMARC2; p=reject");
  error_of("v=dmarc1; p=reject");
  error_of("v=spf1 -all");
  CHECK(is_dmarc_record("v=DMARC1; p=none"));
  CHECK(is_dmarc_record("v = DMARC1"));
  CHECK(is_dmarc_record("V=DMARC1;"));
  CHECK_FALSE(is_dmarc_record("v=DMARC10; p=none"));
  CHECK_FALSE(is_dmarc_record("v=spf1 -all"));
  CHECK_FALSE(is_dmarc_record("p=none; v=DMARC1"));
  CHECK_FALSE(is_dmarc_record(""));
}

TEST_CASE("dmarc record: a missing or invalid p= is p=none only with a valid rua= (6.6.3)") {
  CHECK(error_of("v=DMARC1") == "no p= tag");
  CHECK(error_of("v=DMARC1; p=bounce") == "invalid p= value");
  CHECK(error_of("v=DMARC1; p=reject; sp=maybe") == "invalid sp= value");
  CHECK(error_of("v=DMARC1; p=bounce; rua=nonsense") == "invalid p= value");
  auto r = parsed("v=DMARC1; p=bounce; sp=reject; rua=mailto:dmarc@example.org");
  CHECK(r.policy == Policy::none);
  CHECK_FALSE(r.subdomain_policy);
  CHECK(parsed("v=DMARC1; rua=mailto:dmarc@example.org").policy == Policy::none);
  CHECK(parsed("v=DMARC1; p=reject; sp=maybe; rua=mailto:d@example.org").policy == Policy::none);
}

TEST_CASE("dmarc record: malformed, truncated, oversized and binary input") {
  error_of("");
  error_of(";");
  error_of("v=DMARC1; p=reject;;");
  error_of("v=DMARC1; p");
  error_of("v=DMARC1; p=reject; p=none");
  error_of("v=DMARC1; p=re\x01ject");
  error_of(std::string("v=DMARC1; p=reject\0", 19));
  error_of("v=DMARC1; p=reject; x=\xff\xfe");
  error_of("v=DMARC1; p=reject; rua=" + std::string(20000, 'a'));
  std::string many = "v=DMARC1; p=reject";
  for (int i = 0; i < 100; ++i) many += "; t" + std::to_string(i) + "=x";
  error_of(many);
  CHECK(parsed("v=DMARC1; p=reject; rua=mailto:a@b.c,").aggregate_report_to.size() == 1);
}
