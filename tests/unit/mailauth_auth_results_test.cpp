// The Authentication-Results field this server writes (RFC 8601 section 2.2): its text,
// quoting, folding, what a hostile HELO or address cannot inject; and the authserv-id of
// the fields that arrive (section 5).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/mailauth/message_check.hpp"

using namespace carteiro::mailauth;

namespace {

MessageCheckInput input(std::string mail_from, std::string helo = "client.example.org") {
  MessageCheckInput in;
  in.mail_from = std::move(mail_from);
  in.helo = std::move(helo);
  return in;
}

dkim::Result signature(dkim::Status status, std::string reason = {}) {
  dkim::Result r;
  r.status = status;
  r.reason = std::move(reason);
  r.domain = "example.com";
  r.identity = "@example.com";
  r.selector = "sel";
  r.algorithm = "rsa-sha256";
  r.signature = "ab/cdefGHIJKLMNOP==";
  return r;
}

MessageVerdict passing() {
  MessageVerdict v;
  v.spf_mail_from.result = SpfResult::pass;
  v.dkim.push_back(signature(dkim::Status::pass));
  v.dmarc.result = dmarc::Result::pass;
  v.dmarc.policy = dmarc::Policy::reject;
  v.dmarc.from_domain = "example.com";
  return v;
}

// Every line of a field: CRLF-ended, continuation lines start with a blank, no bare CR or LF.
void check_lines(const std::string& field) {
  REQUIRE(field.size() >= 2);
  CHECK(field.substr(field.size() - 2) == "\r\n");
  std::size_t start = 0;
  bool first = true;
  while (start < field.size()) {
    auto end = field.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    auto line = field.substr(start, end - start);
    INFO(line);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    if (!first) CHECK((line.front() == '\t' || line.front() == ' '));
    for (char c : line) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\t'));
    first = false;
    start = end + 2;
  }
}

}  // namespace

TEST_CASE("authentication results: a message that passes everything") {
  auto field = authentication_results_field("mx.example.net", input("alice@example.com"), passing());
  CHECK(field ==
        "Authentication-Results: mx.example.net;\r\n"
        "\tspf=pass smtp.mailfrom=alice@example.com;\r\n"
        "\tdkim=pass header.d=example.com header.i=@example.com header.s=sel\r\n"
        "\theader.a=rsa-sha256 header.b=\"ab/cdefG\";\r\n"
        "\tdmarc=pass (p=reject dis=none) header.from=example.com\r\n");
  check_lines(field);
}

TEST_CASE("authentication results: null MAIL FROM, no signature, failures with reasons, ARC") {
  MessageVerdict v;
  v.spf_helo.result = SpfResult::softfail;
  v.spf_mail_from.result = SpfResult::pass;  // not the one reported
  v.dmarc.result = dmarc::Result::fail;
  v.dmarc.policy = dmarc::Policy::reject;
  v.dmarc.disposition = dmarc::Policy::quarantine;
  v.dmarc.from_domain = "example.com";
  v.dmarc.reason = "neither SPF nor DKIM aligned with example.com";
  v.arc.instances = 2;
  v.arc.status = arc::ChainStatus::fail;
  v.arc.reason = "ARC-Seal i=2 does not verify";
  auto field = authentication_results_field("mx.example.net", input(""), v);
  CHECK(field ==
        "Authentication-Results: mx.example.net;\r\n"
        "\tspf=softfail smtp.helo=client.example.org;\r\n"
        "\tdkim=none;\r\n"
        "\tdmarc=fail (p=reject dis=quarantine)\r\n"
        "\treason=\"neither SPF nor DKIM aligned with example.com\"\r\n"
        "\theader.from=example.com;\r\n"
        "\tarc=fail reason=\"ARC-Seal i=2 does not verify\"\r\n");
  check_lines(field);

  MessageVerdict w = passing();
  w.dkim = {signature(dkim::Status::fail, "body hash mismatch")};
  w.dmarc.result = dmarc::Result::none;
  w.dmarc.from_domain.clear();
  w.arc.instances = 1;
  w.arc.status = arc::ChainStatus::pass;
  auto second = authentication_results_field("mx.example.net", input("a@example.com"), w);
  CHECK(second.find("\tdkim=fail reason=\"body hash mismatch\" header.d=example.com") != std::string::npos);
  CHECK(second.find("\tdmarc=none;\r\n") != std::string::npos);
  CHECK(second.find("\tarc=pass\r\n") != std::string::npos);
  check_lines(second);
}

TEST_CASE("authentication results: values that are not tokens are quoted") {
  auto v = passing();
  auto field = authentication_results_field("mx.example.net", input("\"john smith\"@example.com"), v);
  CHECK(field.find("smtp.mailfrom=\"\\\"john smith\\\"@example.com\"") != std::string::npos);
  check_lines(field);
  field = authentication_results_field("mx.example.net", input("a.b+tag@sub.example.com"), v);
  CHECK(field.find("smtp.mailfrom=a.b+tag@sub.example.com;") != std::string::npos);
  field = authentication_results_field("mx.example.net", input("user@[192.0.2.1]"), v);
  CHECK(field.find("smtp.mailfrom=\"user@[192.0.2.1]\"") != std::string::npos);
  field = authentication_results_field("odd;id", input("a@example.com"), v);
  CHECK(field.rfind("Authentication-Results: \"odd;id\";\r\n", 0) == 0);
  field = authentication_results_field("mx.example.net", input("", "[192.0.2.1]"), v);
  CHECK(field.find("smtp.helo=\"[192.0.2.1]\"") != std::string::npos);
}

TEST_CASE("authentication results: a hostile HELO or address cannot inject a line") {
  auto v = passing();
  for (const std::string& helo : std::vector<std::string>{"evil\r\nAuthentication-Results: mx.example.net; dkim=pass",
                           "evil\nX-Spam: no", "evil\rX: y", std::string("nul\0byte", 8), "a\"b\\c\x7f", "\xff\xfe"}) {
    auto field = authentication_results_field("mx.example.net", input("", helo), v);
    INFO(field);
    check_lines(field);
    CHECK(field.find("\r\nAuthentication-Results") == std::string::npos);
    CHECK(field.find("\r\nX-") == std::string::npos);
  }
  auto field = authentication_results_field("mx.example.net", input("a@b.example\r\nX-Injected: 1"), v);
  check_lines(field);
  CHECK(field.find("smtp.mailfrom=\"a@b.example??X-Injected: 1\"") != std::string::npos);
  field = authentication_results_field("mx.example.net", input("", "h\xc3\xa9llo.example"), v);
  CHECK(field.find("smtp.helo=\"h\xc3\xa9llo.example\"") != std::string::npos);  // UTF-8 kept (RFC 6532)
  auto dkim_reason = passing();
  dkim_reason.dkim = {signature(dkim::Status::permerror, "bad tag\r\nX-Injected: 1")};
  check_lines(authentication_results_field("mx.example.net", input("a@example.com"), dkim_reason));
}

TEST_CASE("authentication results: a long value is cut and long lines folded between words") {
  auto v = passing();
  std::string local(600, 'x');
  auto field = authentication_results_field("mx.example.net", input(local + "@example.com"), v);
  check_lines(field);
  CHECK(field.find(std::string(256, 'x') + "...\"") != std::string::npos);
  CHECK(field.find(std::string(257, 'x')) == std::string::npos);
  auto utf8 = authentication_results_field("mx.example.net", input("", std::string(255, 'x') + "\xc3\xa9"), v);
  CHECK(utf8.find("smtp.helo=\"" + std::string(255, 'x') + "...\"") != std::string::npos);
  for (std::size_t start = 0, end; (end = field.find("\r\n", start)) != std::string::npos; start = end + 2)
    CHECK(end - start < 300);
}

TEST_CASE("claims authserv-id: plain, versioned, quoted, with comments") {
  CHECK(claims_authserv_id(" mx.example.net; spf=pass", "mx.example.net"));
  CHECK(claims_authserv_id("MX.Example.NET;spf=pass", "mx.example.net"));
  CHECK(claims_authserv_id("mx.example.net 1; none", "mx.example.net"));
  CHECK(claims_authserv_id("mx.example.net; none", "MX.EXAMPLE.NET"));
  CHECK(claims_authserv_id("\"mx.example.net\"; none", "mx.example.net"));
  CHECK(claims_authserv_id("\"mx.ex\\ample.net\"; none", "mx.example.net"));
  CHECK(claims_authserv_id("(a comment) mx.example.net; none", "mx.example.net"));
  CHECK(claims_authserv_id("(nested (comment) \\) here)\r\n\t mx.example.net (c) 1; none", "mx.example.net"));
  CHECK(claims_authserv_id("mx.example.net(comment right after); none", "mx.example.net"));
  CHECK(claims_authserv_id("mx.example.net", "mx.example.net"));
}

TEST_CASE("claims authserv-id: other ids and malformed values") {
  CHECK_FALSE(claims_authserv_id("example.net; spf=pass", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("mx.example.net.evil.org; spf=pass", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("evil.mx.example.net; spf=pass", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("(mx.example.net) other.org; none", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("\"mx.example.net; none", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("(unclosed mx.example.net; none", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("   ", "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("; spf=pass", ""));
  CHECK_FALSE(claims_authserv_id(std::string(40, '(') + "mx.example.net" + std::string(40, ')'), "mx.example.net"));
  CHECK_FALSE(claims_authserv_id(std::string("mx.exa\0mple.net", 15), "mx.example.net"));
  CHECK_FALSE(claims_authserv_id("\xff\xfe; none", "mx.example.net"));
}
