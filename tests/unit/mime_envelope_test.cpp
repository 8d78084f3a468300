#include <doctest/doctest.h>

#include "carteiro/mime/envelope.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/imap_format.hpp"

using namespace carteiro::mime;

TEST_CASE("envelope fields: raw, unfolded, the first of each, addresses parsed") {
  std::string_view m =
      "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nSubject: =?UTF-8?Q?ol=C3=A1?=\r\n folded\r\n"
      "From: Ana <ana@example.test>\r\nTo: b@example.test, Group: c@example.test;\r\n"
      "Subject: second\r\nMessage-ID: <1@example.test>\r\nIn-Reply-To: <0@example.test>\r\n\r\nbody\r\n";
  Envelope e = read_envelope(header_block(m));
  CHECK(e.date == "Mon, 1 Jan 2024 10:00:00 +0000");
  CHECK(e.subject == "=?UTF-8?Q?ol=C3=A1?= folded");
  REQUIRE(e.from.size() == 1);
  CHECK(e.from[0].name == "Ana");
  CHECK(e.from[0].mailbox == "ana");
  CHECK(e.from[0].host == "example.test");
  REQUIRE(e.to.size() == 4);  // b, the group's start marker, c, its end marker
  CHECK(e.to[1].group_start());
  CHECK(e.to[3].group_end());
  CHECK(e.sender.empty());  // absent: no default here, that is IMAP's rendering
  CHECK(e.reply_to.empty());
  CHECK(e.cc.empty());
  CHECK(e.bcc.empty());
  CHECK(e.message_id == "<1@example.test>");
  CHECK(e.in_reply_to == "<0@example.test>");
}

TEST_CASE("envelope fields: a header without them has none") {
  Envelope e = read_envelope("X-Other: 1\r\n\r\n");
  CHECK_FALSE(e.date);
  CHECK_FALSE(e.subject);
  CHECK(e.from.empty());
  CHECK_FALSE(e.message_id);
}

TEST_CASE("IMAP's ENVELOPE is a rendering of the envelope fields") {
  std::string_view header = "From: a@b\r\nSubject: hi\r\n\r\n";
  CHECK(envelope(read_envelope(header)) == envelope(header));
  CHECK(envelope(Envelope{}) == "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
}
