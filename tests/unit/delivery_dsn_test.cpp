#include <doctest/doctest.h>

#include "carteiro/delivery/dsn.hpp"

using namespace carteiro::delivery;

namespace {
DsnInput sample() {
  DsnInput in;
  in.reporting_mta = "mail.local.test";
  in.sender = "alice@local.test";
  in.message_id = "<dsn.42.1@mail.local.test>";
  in.arrival_date = 0;
  in.date = 60;
  in.original_headers = "From: alice@local.test\r\nTo: bob@remote.test\r\nSubject: hi\r\n\r\n";
  in.recipients.push_back(DsnRecipient{"bob@remote.test", "5.1.1", "mx.remote.test", "550 5.1.1 no such user", true});
  in.recipients.push_back(
      DsnRecipient{"carol@nowhere.test", "5.1.2", "", "domain nowhere.test does not exist (DNS NXDOMAIN)", false});
  return in;
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("delivery dsn: failure report (RFC 3464)") {
  auto dsn = make_dsn(sample());
  CHECK(dsn.starts_with("From: Mail Delivery System <MAILER-DAEMON@mail.local.test>\r\nTo: <alice@local.test>\r\n"));
  CHECK(contains(dsn, "Subject: Undelivered mail returned to sender\r\n"));
  CHECK(contains(dsn, "Date: Thu, 1 Jan 1970 00:01:00 +0000\r\n"));
  CHECK(contains(dsn, "Message-ID: <dsn.42.1@mail.local.test>\r\n"));
  CHECK(contains(dsn, "Auto-Submitted: auto-replied\r\n"));
  CHECK(contains(dsn, "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"=_report_dsn421maillocaltest\"\r\n"));
  CHECK(contains(dsn, "\r\n--=_report_dsn421maillocaltest\r\nContent-Type: message/delivery-status\r\n"));
  CHECK(contains(dsn, "Reporting-MTA: dns; mail.local.test\r\nArrival-Date: Thu, 1 Jan 1970 00:00:00 +0000\r\n\r\n"
                      "Final-Recipient: rfc822; bob@remote.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                      "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n"));
  CHECK(contains(dsn, "Final-Recipient: rfc822; carol@nowhere.test\r\nAction: failed\r\nStatus: 5.1.2\r\n"
                      "Diagnostic-Code: X-Carteiro; domain nowhere.test does not exist (DNS NXDOMAIN)\r\n"));
  CHECK(contains(dsn, "<bob@remote.test>: host mx.remote.test said: 550 5.1.1 no such user\r\n"));
  CHECK(contains(dsn, "Content-Type: text/rfc822-headers\r\n"));
  CHECK(contains(dsn, "\r\n\r\nFrom: alice@local.test\r\nTo: bob@remote.test\r\nSubject: hi\r\n\r\n\r\n--=_report_"));
  CHECK(dsn.ends_with("\r\n--=_report_dsn421maillocaltest--\r\n"));
  CHECK(!contains(dsn, "Will-Retry-Until"));
  // Every line ends in CRLF: no bare LF.
  for (std::size_t i = 0; i < dsn.size(); ++i)
    if (dsn[i] == '\n') CHECK((i > 0 && dsn[i - 1] == '\r'));
}

TEST_CASE("delivery dsn: delay warning") {
  auto in = sample();
  in.kind = DsnKind::delay;
  in.will_retry_until = 3600;
  auto dsn = make_dsn(in);
  CHECK(contains(dsn, "Action: delayed\r\n"));
  CHECK(contains(dsn, "Will-Retry-Until: Thu, 1 Jan 1970 01:00:00 +0000\r\n"));
  CHECK(contains(dsn, "Subject: Delayed mail (still being tried)\r\n"));
}

TEST_CASE("delivery dsn: boundary never occurs in the parts") {
  auto in = sample();
  in.original_headers = "Subject: --=_report_dsn421maillocaltest\r\n\r\n";
  auto dsn = make_dsn(in);
  CHECK(contains(dsn, "boundary=\"=_report_dsn421maillocaltest_x\""));
}

TEST_CASE("delivery dsn: long diagnostics are folded") {
  auto in = sample();
  in.recipients.resize(1);
  in.recipients[0].diagnostic = "550 5.7.1 " + std::string(40, 'a') + " " + std::string(40, 'b') + " " + std::string(40, 'c');
  auto dsn = make_dsn(in);
  CHECK(contains(dsn, "Diagnostic-Code: smtp; 550 5.7.1 " + std::string(40, 'a') + "\r\n " + std::string(40, 'b') +
                          "\r\n " + std::string(40, 'c') + "\r\n"));
}

TEST_CASE("delivery dsn: header section of the original") {
  CHECK(header_section("A: 1\r\nB: 2\r\n\r\nbody\r\n") == "A: 1\r\nB: 2\r\n\r\n");
  CHECK(header_section("A: 1\nB: 2\n\nbody") == "A: 1\nB: 2\n\n");
  CHECK(header_section("A: 1\r\nno body") == "A: 1\r\nno body");
  CHECK(header_section("A: 1\r\nB: 2\r\n\r\n", 8) == "A: 1\r\n");
  CHECK(header_section("") == "");
}
