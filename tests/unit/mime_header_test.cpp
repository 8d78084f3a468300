#include <doctest/doctest.h>

#include "carteiro/mime/header.hpp"

using namespace carteiro::mime;

TEST_CASE("header_block ends at the blank line, which it includes") {
  CHECK(header_block("A: 1\r\nB: 2\r\n\r\nbody\r\n") == "A: 1\r\nB: 2\r\n\r\n");
  CHECK(header_block("A: 1\nB: 2\n\nbody\n") == "A: 1\nB: 2\n\n");
  CHECK(header_block("A: 1\r\n\nbody") == "A: 1\r\n\n");  // mixed line ends
}

TEST_CASE("header_block without a blank line is the whole message") {
  CHECK(header_block("A: 1\r\nB: 2\r\n") == "A: 1\r\nB: 2\r\n");
  CHECK(header_block("A: 1") == "A: 1");
  CHECK(header_block("") == "");
}

TEST_CASE("header_block of a message without header fields") {
  CHECK(header_block("\r\nbody") == "\r\n");
  CHECK(header_block("Hello world\r\nA: b\r\n\r\n") == "");        // first line is no field
  CHECK(header_block("From bob Tue Jan 15 10:00:00 2008\r\n") == "");  // mbox separator
  CHECK(header_block(" folded: x\r\n\r\n") == "");
}

TEST_CASE("split_fields keeps folding and the whole lines") {
  std::string_view block = "Subject: a\r\n  b\r\nTo:x@y\r\nX-Empty:\r\n\r\n";
  auto fields = split_fields(block);
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].name == "Subject");
  CHECK(fields[0].value == " a\r\n  b");
  CHECK(fields[0].lines == "Subject: a\r\n  b\r\n");
  CHECK(fields[1].name == "To");
  CHECK(fields[1].value == "x@y");
  CHECK(fields[2].name == "X-Empty");
  CHECK(fields[2].value.empty());
}

TEST_CASE("split_fields: obsolete blanks before the colon, junk lines skipped") {
  auto fields = split_fields("Subject : hi\r\nnot a field\r\n continuation of junk\r\nA: b\r\n");
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].name == "Subject");
  CHECK(fields[0].value == " hi");
  CHECK(fields[1].name == "A");
}

TEST_CASE("unfold removes folding line breaks and outer blanks only") {
  CHECK(unfold(" a\r\n  b\r\n\tc ") == "a  b\tc");
  CHECK(unfold(" a\n b") == "a b");
  CHECK(unfold("") == "");
}

TEST_CASE("parse_header gives unfolded raw values") {
  auto h = parse_header("Subject: =?utf-8?q?x?=\r\n more\r\nFrom: a@b\r\n\r\n");
  REQUIRE(h.size() == 2);
  CHECK(h[0].name == "Subject");
  CHECK(h[0].value == "=?utf-8?q?x?= more");
  CHECK(h[1].value == "a@b");
}

TEST_CASE("first_header is case-insensitive and takes the first") {
  std::string_view m = "received: one\r\nReceived: two\r\n\r\nSubject: in body\r\n";
  CHECK(first_header(m, "RECEIVED") == "one");
  CHECK_FALSE(first_header(m, "Subject").has_value());
}

TEST_CASE("header_text decodes and joins every occurrence") {
  std::string_view m = "To: =?iso-8859-1?q?Jos=E9?= <j@x>\r\nTo: b@y\r\n\r\n";
  CHECK(header_text(m, "to") == "Jos\xC3\xA9 <j@x>\nb@y");
  CHECK(header_text(m, "cc") == "");
}
