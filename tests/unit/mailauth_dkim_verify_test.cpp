#include <doctest/doctest.h>

#include "carteiro/mailauth/dkim_verify.hpp"
#include "mailauth_dkim_test_support.hpp"

using namespace carteiro::mailauth;
using namespace carteiro::mailauth::dkim;
using namespace carteiro::mailauth::dkim_test;

namespace {

constexpr std::int64_t kNow = 1528637909 + 3600;

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("dkim verify: the RFC 8463 example passes with both keys") {
  FakeDns dns = rfc8463_dns();
  auto results = verify_message(kRfc8463Message, dns, kNow);
  REQUIRE(results.size() == 2);
  for (const auto& result : results) {
    CHECK_MESSAGE(result.status == Status::pass, result.reason);
    CHECK(result.domain == "football.example.com");
    CHECK(result.identity == "@football.example.com");
    CHECK(result.unsigned_fields.empty());
    CHECK_FALSE(result.content_beyond_length);
  }
  CHECK(results[0].algorithm == "ed25519-sha256");
  CHECK(results[0].selector == "brisbane");
  CHECK(results[1].algorithm == "rsa-sha256");
  CHECK(results[1].signature.starts_with("F45dVWDf"));
  CHECK(status_name(results[1].status) == "pass");
}

TEST_CASE("dkim verify: bare line feeds verify like CRLF") {
  FakeDns dns = rfc8463_dns();
  std::string lf;
  for (char c : kRfc8463Message)
    if (c != '\r') lf.push_back(c);
  auto results = verify_message(lf, dns, kNow);
  REQUIRE(results.size() == 2);
  CHECK(results[0].status == Status::pass);
  CHECK(results[1].status == Status::pass);
}

TEST_CASE("dkim verify: a changed body or header fails") {
  FakeDns dns = rfc8463_dns();
  auto body = verify_message(replaced(kRfc8463Message, "We lost", "We won"), dns, kNow);
  CHECK(body[0].status == Status::fail);
  CHECK(body[0].reason == "body hash mismatch");
  auto header = verify_message(replaced(kRfc8463Message, "Is dinner", "Was dinner"), dns, kNow);
  CHECK(header[0].status == Status::fail);
  CHECK(header[0].reason == "signature does not verify");
  CHECK(header[1].status == Status::fail);
}

TEST_CASE("dkim verify: a From added anywhere breaks a signature that oversigns From") {
  FakeDns dns = rfc8463_dns();
  // Section 8.15: h= lists From twice, so a second From takes the place of the null field.
  auto results = verify_message("From: Boss <boss@shopping.example.net>\r\n" + kRfc8463Message, dns, kNow);
  CHECK(results[0].status == Status::fail);
  CHECK(results[1].status == Status::fail);
  std::string below = replaced(kRfc8463Message, "To: Suzie", "From: Boss <boss@shopping.example.net>\r\nTo: Suzie");
  results = verify_message(below, dns, kNow);
  CHECK(results[0].status == Status::fail);
  CHECK(results[0].unsigned_fields.empty());  // as many From fields as h= lists
}

TEST_CASE("dkim verify: a field added above the signed ones is left out and reported") {
  FakeDns dns = rfc8463_dns();
  std::string added = replaced(kRfc8463Message, "From: Joe", "Reply-To: other@example.org\r\nFrom: Joe");
  auto results = verify_message(added, dns, kNow);
  CHECK(results[0].status == Status::pass);
  std::string second_to = replaced(kRfc8463Message, "From: Joe", "To: other@example.org\r\nFrom: Joe");
  results = verify_message(second_to, dns, kNow);
  CHECK(results[0].status == Status::pass);  // bottom-up: the original To is the one signed
  CHECK(results[0].unsigned_fields == std::vector<std::string>{"to"});
}

TEST_CASE("dkim verify: key problems and DNS errors") {
  FakeDns dns = rfc8463_dns();
  dns.temporary["brisbane._domainkey.football.example.com"] = true;
  dns.txt_records.erase("test._domainkey.football.example.com");
  auto results = verify_message(kRfc8463Message, dns, kNow);
  CHECK(results[0].status == Status::temperror);
  CHECK(results[1].status == Status::permerror);
  CHECK(results[1].reason == "no key");
  CHECK(status_name(results[0].status) == "temperror");

  FakeDns keys = rfc8463_dns();
  keys.txt_records["test._domainkey.football.example.com"] = kShortRsaRecord;
  keys.txt_records["brisbane._domainkey.football.example.com"] = "v=DKIM1; k=ed25519; p=";
  results = verify_message(kRfc8463Message, keys, kNow);
  CHECK(results[0].status == Status::permerror);
  CHECK(results[0].reason == "key revoked");
  CHECK(results[1].status == Status::fail);
  CHECK(results[1].reason == "RSA key too short");

  keys.txt_records["brisbane._domainkey.football.example.com"] = kRsaRecord;
  keys.txt_records["test._domainkey.football.example.com"] = kRsaRecord + "; h=sha1";
  results = verify_message(kRfc8463Message, keys, kNow);
  CHECK(results[0].reason == "key type does not match a=");
  CHECK(results[1].reason == "key does not allow sha256");

  keys.txt_records["test._domainkey.football.example.com"] = "v=DKIM1; p=!";
  CHECK(verify_message(kRfc8463Message, keys, kNow)[1].reason == "bad key record: bad p= value");
  keys.txt_records["test._domainkey.football.example.com"] = "v=DKIM1; p=YWJj";
  CHECK(verify_message(kRfc8463Message, keys, kNow)[1].reason == "unusable public key");
}

TEST_CASE("dkim verify: testing keys and strict identities") {
  FakeDns dns = rfc8463_dns();
  dns.txt_records["brisbane._domainkey.football.example.com"] = kEd25519Record + "; t=y";
  auto results = verify_message(replaced(kRfc8463Message, "We lost", "We won"), dns, kNow);
  CHECK(results[0].status == Status::neutral);
  CHECK(results[0].testing);

  std::string sub = replaced(kRfc8463Message, "i=@football.example.com;\r\n q=dns/txt; s=brisbane",
                             "i=@sub.football.example.com;\r\n q=dns/txt; s=brisbane");
  dns.txt_records["brisbane._domainkey.football.example.com"] = kEd25519Record + "; t=s";
  CHECK(verify_message(sub, dns, kNow)[0].reason == "key requires i= in d= itself (t=s)");
}

TEST_CASE("dkim verify: expired, rsa-sha1, malformed and too many signatures") {
  FakeDns dns = rfc8463_dns();
  std::string expired = replaced(kRfc8463Message, "t=1528637909; h=from : to :\r\n", "t=1528637909; x=1528637910; h=from : to :\r\n");
  auto results = verify_message(expired, dns, kNow);
  CHECK(results[0].status == Status::fail);
  CHECK(results[0].reason == "signature expired");
  CHECK(dns.lookups == 1);  // no key fetched for the expired one

  std::string sha1 = replaced(kRfc8463Message, "a=rsa-sha256", "a=rsa-sha1");
  CHECK(verify_message(sha1, dns, kNow)[1].reason == "rsa-sha1 is not accepted");

  std::string broken = "DKIM-Signature: v=1; a=rsa-sha256; d=x\r\n" + kRfc8463Message;
  results = verify_message(broken, dns, kNow);
  REQUIRE(results.size() == 3);
  CHECK(results[0].status == Status::permerror);
  CHECK(results[0].reason == "missing tag b");

  std::string many = kRfc8463Message;
  for (int i = 0; i < 10; ++i) many = "DKIM-Signature: v=1\r\n" + many;
  results = verify_message(many, dns, kNow);
  REQUIRE(results.size() == 12);
  CHECK(results.back().status == Status::neutral);
  CHECK(results.back().reason == "too many signatures");

  CHECK(verify_message("Subject: none\r\n\r\nbody\r\n", dns, kNow).empty());
  CHECK(verify_message("", dns, kNow).empty());
  CHECK(verify_message(std::string("DKIM-Signature: \0\xff\r\n\r\n", 21), dns, kNow)[0].status == Status::permerror);
}
