#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/smtpwire/replies.hpp"
#include "carteiro/smtpwire/reply_parser.hpp"
#include "smtpwire_feed.hpp"

using namespace carteiro::smtpwire;
using smtpwire_test::feed_all;
using smtpwire_test::Status;

TEST_CASE("smtpwire reply: single line with enhanced code") {
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

TEST_CASE("smtpwire reply: multi-line, enhanced code shown once") {
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

TEST_CASE("smtpwire reply: bare code, no text") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"354"}, &r) == Status::complete);
  CHECK(r.code == 354);
  CHECK(r.intermediate());
  CHECK(r.enhanced.empty());
  CHECK(r.text() == "354");
  CHECK(r.status() == "3.0.0");
}

TEST_CASE("smtpwire reply: without enhanced code, status derived from the class") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"451 try later"}, &r) == Status::complete);
  CHECK(r.transient());
  CHECK(r.status() == "4.0.0");
  CHECK(r.text() == "451 try later");
}

TEST_CASE("smtpwire reply: enhanced code whose class disagrees is kept as text") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"550 2.0.0 odd"}, &r) == Status::complete);
  CHECK(r.enhanced.empty());
  CHECK(r.text() == "550 2.0.0 odd");
}

TEST_CASE("smtpwire reply: parser is reusable after a reply") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"220 mx ESMTP"}, &r) == Status::complete);
  REQUIRE(feed_all(p, {"250-mx", "250 PIPELINING"}, &r) == Status::complete);
  CHECK(r.code == 250);
  CHECK(r.lines.size() == 2);
}

TEST_CASE("smtpwire reply: malformed input") {
  for (const std::string& bad : std::vector<std::string>{"", "25", "abc hello", "2x0 ok", "650 nope", "150 nope", "050 nope", "250_ok", "250x",
                          std::string("250 o\0k", 6), "\xff\xfe\x01 binary"}) {
    ReplyParser p;
    CAPTURE(bad);
    CHECK(p.feed(bad) == Status::malformed);
    CHECK(!p.error().empty());
  }
}

TEST_CASE("smtpwire reply: lines disagreeing on the code") {
  ReplyParser p;
  CHECK(p.feed("250-first") == Status::need_more);
  CHECK(p.feed("251 second") == Status::malformed);
}

TEST_CASE("smtpwire reply: oversized line and too many lines") {
  ReplyParser p;
  CHECK(p.feed("250 " + std::string(kMaxReplyLine, 'a')) == Status::malformed);
  ReplyParser q;
  Status s = Status::need_more;
  for (std::size_t i = 0; i <= kMaxReplyLines && s == Status::need_more; ++i) s = q.feed("250-x");
  CHECK(s == Status::malformed);
}

TEST_CASE("smtpwire reply: truncated reply stays incomplete") {
  ReplyParser p;
  CHECK(p.feed("250-mx.example") == Status::need_more);
  CHECK(p.feed("250-SIZE 100") == Status::need_more);
}

TEST_CASE("smtpwire reply: enhanced code grammar (RFC 3463)") {
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

TEST_CASE("smtpwire reply: rendered as one line with enhanced status code (RFC 2034)") {
  CHECK(render(kOk) == "250 2.0.0 Ok\r\n");
  CHECK(render(kUnknownUser, "No such user here") == "550 5.1.1 No such user here\r\n");
  CHECK(render(kStartData) == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(render(kGreeting, "mx.test ESMTP") == "220 mx.test ESMTP\r\n");
  CHECK(render(kTooManyRecipients) == "452 4.5.3 Too many recipients\r\n");
}

TEST_CASE("smtpwire reply: rendered over several lines (RFC 5321 section 4.2.1)") {
  CHECK(render_lines(kHelloOk, {"mx.test", "PIPELINING", "8BITMIME"}) ==
        "250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
  CHECK(render_lines(kExpanded, {"<a@x>", "<b@x>"}) == "250-2.1.5 <a@x>\r\n250 2.1.5 <b@x>\r\n");
  CHECK(render_lines(kOk, {}) == "250 2.0.0 Ok\r\n");
}

namespace {
// The CRLF-terminated lines of WIRE, without their CRLF.
std::vector<std::string> wire_lines(const std::string& wire) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < wire.size()) {
    auto end = wire.find("\r\n", pos);
    REQUIRE(end != std::string::npos);
    out.push_back(wire.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}
}  // namespace

TEST_CASE("smtpwire reply: what the server renders, the client reads back") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, wire_lines(render_lines(kExpanded, {"<a@x>", "<b@x>"})), &r) == Status::complete);
  CHECK(r.code == kExpanded.code);
  CHECK(r.enhanced == kExpanded.status);
  CHECK(r.lines == std::vector<std::string>{"<a@x>", "<b@x>"});

  REQUIRE(feed_all(p, wire_lines(render(kMailboxFull)), &r) == Status::complete);
  CHECK(r.transient());
  CHECK(r.status() == "4.2.2");
  CHECK(r.text() == "452 4.2.2 Mailbox full");

  REQUIRE(feed_all(p, wire_lines(render(kStartData)), &r) == Status::complete);
  CHECK(r.intermediate());
  CHECK(r.enhanced.empty());
  CHECK(r.lines == std::vector<std::string>{std::string(kStartData.text)});
}

TEST_CASE("smtpwire reply: fixed replies are checked when compiled") {
  // A FixedReply whose status is malformed or of another class does not compile; these do.
  static_assert(FixedReply{250, "2.0.0", "Ok"}.code == 250);
  static_assert(FixedReply{538, "5.7.11", "x"}.status == "5.7.11");
  static_assert(FixedReply{354, "", "go ahead"}.status.empty());
  static_assert(enhanced_code_length("5.1.1 x") == 5);
}
