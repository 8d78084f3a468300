// MTA-STS (RFC 8461): the TXT record, the policy file and MX host patterns.
#include <doctest/doctest.h>

#include "carteiro/queue/mta_sts_policy.hpp"

using namespace carteiro::queue;

namespace {

std::optional<std::string> record_id(std::vector<std::string> records) {
  std::string error;
  auto id = parse_mta_sts_record(records, error);
  if (!id) CHECK_FALSE(error.empty());
  return id;
}

std::optional<MtaStsPolicy> policy(std::string_view text) {
  std::string error;
  auto parsed = parse_mta_sts_policy(text, error);
  if (!parsed) CHECK_FALSE(error.empty());
  return parsed;
}

}  // namespace

TEST_CASE("mta-sts record: exactly one v=STSv1 record with an id") {
  CHECK(record_id({"v=STSv1; id=20160831085700Z;"}) == "20160831085700Z");
  CHECK(record_id({"v=STSv1;id=abc"}) == "abc");
  CHECK(record_id({"v=STSv1; id=abc; ext-1=value"}) == "abc");
  CHECK(record_id({"v=spf1 -all", "v=STSv1; id=abc"}) == "abc");  // others are discarded
  CHECK(record_id({"v=STSv1; id=a1; id=b2"}) == "a1");
  CHECK_FALSE(record_id({}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc", "v=STSv1; id=def"}));  // section 3.1: not one
  CHECK_FALSE(record_id({"v=STSv1"}));
  CHECK_FALSE(record_id({"v=STSv1;"}));
  CHECK_FALSE(record_id({"v=STSv2; id=abc"}));
  CHECK_FALSE(record_id({"v=stsv1; id=abc"}));  // %s: case-sensitive
  CHECK_FALSE(record_id({"v=STSv1; id="}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc-def"}));
  CHECK_FALSE(record_id({"v=STSv1; id=" + std::string(33, 'a')}));
  CHECK(record_id({"v=STSv1; id=" + std::string(32, 'a')}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc;; x=y"}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc; =y"}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc; x=a=b"}));
  CHECK_FALSE(record_id({std::string("v=STSv1; id=ab\0c", 16)}));
  CHECK_FALSE(record_id({"v=STSv1; id=abc; x=\xff"}));
}

TEST_CASE("mta-sts policy: the fields of section 3.2") {
  auto p = policy("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                  "mx: backupmx.example.com\r\nmax_age: 604800\r\n");
  REQUIRE(p);
  CHECK(p->mode == MtaStsPolicy::Mode::enforce);
  CHECK(p->mx == std::vector<std::string>{"mail.example.com", "*.example.net", "backupmx.example.com"});
  CHECK(p->max_age == 604800);

  auto lf = policy("version: STSv1\nmode: testing\nmx: MX.B.test\nmax_age: 86400");  // LF, no final end
  REQUIRE(lf);
  CHECK(lf->mode == MtaStsPolicy::Mode::testing);
  CHECK(lf->mx == std::vector<std::string>{"mx.b.test"});

  auto none = policy("version: STSv1\nmode: none\nmax_age: 0\n");
  REQUIRE(none);
  CHECK(none->mode == MtaStsPolicy::Mode::none);

  auto spaced = policy("version:STSv1 \nmode:\tenforce\nmx:  mx.b.test\nmax_age: 31557601\nnote: any text here\n");
  REQUIRE(spaced);
  CHECK(spaced->max_age == kMtaStsMaxAge);  // capped
}

TEST_CASE("mta-sts policy: malformed, truncated, oversized and binary input") {
  CHECK_FALSE(policy(""));
  CHECK_FALSE(policy("version: STSv1\n"));                                  // truncated
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: mx.b.test\n"));    // no max_age
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmax_age: 10\n"));      // no mx
  CHECK_FALSE(policy("version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: Enforce\nmx: a.test\nmax_age: 1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: -1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 12345678901\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1 2\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: *.*.a.test\nmax_age: 1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a..test\nmax_age: 1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: [127.0.0.1]\nmax_age: 1\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1\nno colon here\n"));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1\n_x: y\n"));
  CHECK_FALSE(policy(std::string("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1\nx: \0\n", 53)));
  CHECK_FALSE(policy("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1\nx: \xc3\x28\n"));
  CHECK_FALSE(policy("<html><body>Not Found</body></html>"));
  std::string big = "version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 1\n";
  while (big.size() <= kMtaStsMaxPolicySize) big += "mx: a.test\n";
  CHECK_FALSE(policy(big));
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  CHECK_FALSE(policy(binary));
}

TEST_CASE("mta-sts mx patterns: exact names and one-label wildcards, any case") {
  CHECK(mta_sts_mx_matches("mx.b.test", "mx.b.test"));
  CHECK(mta_sts_mx_matches("mx.b.test", "MX.B.Test."));
  CHECK_FALSE(mta_sts_mx_matches("mx.b.test", "mx2.b.test"));
  CHECK(mta_sts_mx_matches("*.example.net", "mail.example.net"));
  CHECK_FALSE(mta_sts_mx_matches("*.example.net", "example.net"));
  CHECK_FALSE(mta_sts_mx_matches("*.example.net", "a.b.example.net"));  // section 4.1: one label
  CHECK_FALSE(mta_sts_mx_matches("*.example.net", ".example.net"));
  CHECK_FALSE(mta_sts_mx_matches("*.example.net", "mailexample.net"));
  MtaStsPolicy p;
  p.mx = {"mx.b.test", "*.c.test"};
  CHECK(mta_sts_allows(p, "x.c.test"));
  CHECK_FALSE(mta_sts_allows(p, "mx.d.test"));
}
