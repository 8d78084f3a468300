#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/queue/ehlo.hpp"
#include "carteiro/queue/reply.hpp"

using carteiro::queue::enhanced_code_length;
using carteiro::queue::Reply;
using carteiro::queue::ReplyParser;
using Status = ReplyParser::Status;

namespace {
// Feeds LINES; returns the last status (and the reply in OUT when complete).
Status feed_all(ReplyParser& parser, const std::vector<std::string>& lines, Reply* out = nullptr) {
  Status status = Status::need_more;
  for (const auto& line : lines) {
    status = parser.feed(line);
    if (status != Status::need_more) break;
  }
  if (status == Status::complete && out) *out = parser.take();
  return status;
}
}  // namespace

TEST_CASE("queue reply: single line with enhanced code") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"250 2.1.0 Ok"}, &r) == Status::complete);
  CHECK(r.code == 250);
  CHECK(r.enhanced == "2.1.0");
  CHECK(r.lines == std::vector<std::string>{"Ok"});
  CHECK(r.positive());
  CHECK(r.text() == "250 2.1.0 Ok");
  CHECK(r.status() == "2.1.0");
}

TEST_CASE("queue reply: multi-line, enhanced code shown once") {
  ReplyParser p;
  Reply r;
  CHECK(p.feed("550-5.1.1 The email account that you tried to reach does not exist.") == Status::need_more);
  CHECK(p.feed("550-5.1.1 Please try") == Status::need_more);
  REQUIRE(p.feed("550 5.1.1 double-checking.") == Status::complete);
  r = p.take();
  CHECK(r.permanent());
  CHECK(r.lines.size() == 3);
  CHECK(r.text() == "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking.");
}

TEST_CASE("queue reply: bare code, no text") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"354"}, &r) == Status::complete);
  CHECK(r.code == 354);
  CHECK(r.intermediate());
  CHECK(r.enhanced.empty());
  CHECK(r.text() == "354");
  CHECK(r.status() == "3.0.0");
}

TEST_CASE("queue reply: without enhanced code, status derived from the class") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"451 try later"}, &r) == Status::complete);
  CHECK(r.transient());
  CHECK(r.status() == "4.0.0");
  CHECK(r.text() == "451 try later");
}

TEST_CASE("queue reply: enhanced code whose class disagrees is kept as text") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"550 2.0.0 odd"}, &r) == Status::complete);
  CHECK(r.enhanced.empty());
  CHECK(r.text() == "550 2.0.0 odd");
}

TEST_CASE("queue reply: parser is reusable after a reply") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"220 mx ESMTP"}, &r) == Status::complete);
  REQUIRE(feed_all(p, {"250-mx", "250 PIPELINING"}, &r) == Status::complete);
  CHECK(r.code == 250);
  CHECK(r.lines.size() == 2);
}

TEST_CASE("queue reply: malformed input") {
  for (const std::string& bad : std::vector<std::string>{"", "25", "abc hello", "2x0 ok", "650 nope", "150 nope", "050 nope", "250_ok", "250x",
                          std::string("250 o\0k", 6), "\xff\xfe\x01 binary"}) {
    ReplyParser p;
    CAPTURE(bad);
    CHECK(p.feed(bad) == Status::malformed);
    CHECK(!p.error().empty());
  }
}

TEST_CASE("queue reply: lines disagreeing on the code") {
  ReplyParser p;
  CHECK(p.feed("250-first") == Status::need_more);
  CHECK(p.feed("251 second") == Status::malformed);
}

TEST_CASE("queue reply: oversized line and too many lines") {
  ReplyParser p;
  CHECK(p.feed("250 " + std::string(carteiro::queue::kMaxReplyLine, 'a')) == Status::malformed);
  ReplyParser q;
  Status s = Status::need_more;
  for (std::size_t i = 0; i <= carteiro::queue::kMaxReplyLines && s == Status::need_more; ++i) s = q.feed("250-x");
  CHECK(s == Status::malformed);
}

TEST_CASE("queue reply: truncated reply stays incomplete") {
  ReplyParser p;
  CHECK(p.feed("250-mx.example") == Status::need_more);
  CHECK(p.feed("250-SIZE 100") == Status::need_more);
}

TEST_CASE("queue reply: enhanced code grammar (RFC 3463)") {
  CHECK(enhanced_code_length("5.1.1 x") == 5);
  CHECK(enhanced_code_length("4.123.456") == 9);
  CHECK(enhanced_code_length("2.0.0") == 5);
  CHECK(enhanced_code_length("3.0.0 x") == 0);
  CHECK(enhanced_code_length("5.1234.1") == 0);
  CHECK(enhanced_code_length("5..1") == 0);
  CHECK(enhanced_code_length("5.1.1x") == 0);
  CHECK(enhanced_code_length("5.1.") == 0);
  CHECK(enhanced_code_length("") == 0);
}

TEST_CASE("queue ehlo: extensions offered") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p,
                   {"250-mx.remote.test greets you", "250-PIPELINING", "250-SIZE 10240000", "250-starttls",
                    "250-8BITMIME", "250-SMTPUTF8", "250-AUTH PLAIN login", "250 ENHANCEDSTATUSCODES"},
                   &r) == Status::complete);
  auto e = carteiro::queue::parse_ehlo(r);
  CHECK(e.pipelining);
  CHECK(e.size);
  CHECK(e.size_limit == 10240000);
  CHECK(e.starttls);
  CHECK(e.eight_bit_mime);
  CHECK(e.smtputf8);
  CHECK(e.offers_auth("PLAIN"));
  CHECK(e.offers_auth("login"));
  CHECK(!e.offers_auth("CRAM-MD5"));
}

TEST_CASE("queue ehlo: odd lines are ignored, the greeting line is not a keyword") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"250-PIPELINING", "250-SIZE lots", "250-=weird", "250-SIZE 99999999999999999999999", "250 -X"},
                   &r) == Status::complete);
  auto e = carteiro::queue::parse_ehlo(r);
  CHECK(!e.pipelining);  // first line is the server's name
  CHECK(e.size);
  CHECK(e.size_limit == 0);
}
