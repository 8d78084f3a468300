#include <doctest/doctest.h>

#include "carteiro/net/line_buffer.hpp"

using carteiro::net::LineBuffer;

TEST_CASE("line buffer: CRLF and bare LF lines, split across reads") {
  LineBuffer b;
  b.feed("HELO a");
  CHECK_FALSE(b.next_line(100));
  b.feed("\r\nNOOP\nQU");
  auto l1 = b.next_line(100);
  REQUIRE(l1);
  CHECK(l1->text == "HELO a");
  CHECK(l1->crlf);
  auto l2 = b.next_line(100);
  REQUIRE(l2);
  CHECK(l2->text == "NOOP");
  CHECK_FALSE(l2->crlf);  // a bare LF: accepted, and reported
  CHECK_FALSE(b.next_line(100));
  b.feed("IT\r\n");
  CHECK(b.next_line(100)->text == "QUIT");
  CHECK(b.buffered() == 0);
}

TEST_CASE("line buffer: an overlong line is reported once and its rest skipped") {
  LineBuffer b;
  b.feed(std::string(50, 'x'));
  auto l = b.next_line(10);
  REQUIRE(l);
  CHECK(l->too_long);
  CHECK(l->text == std::string(10, 'x'));
  b.feed(std::string(5000, 'y'));  // still the same line: nothing kept
  CHECK_FALSE(b.next_line(10));
  CHECK(b.buffered() == 0);
  b.feed("yyy\r\nNEXT\r\n");
  auto next = b.next_line(10);
  REQUIRE(next);
  CHECK(next->text == "NEXT");
  CHECK_FALSE(next->too_long);
}

TEST_CASE("line buffer: an overlong complete line") {
  LineBuffer b;
  b.feed(std::string(20, 'a') + "\r\nok\r\n");
  auto l = b.next_line(10);
  REQUIRE(l);
  CHECK(l->too_long);
  CHECK(b.next_line(10)->text == "ok");
  // exactly at the limit is fine, CR not counted
  b.feed(std::string(10, 'b') + "\r\n");
  auto exact = b.next_line(10);
  REQUIRE(exact);
  CHECK_FALSE(exact->too_long);
}

TEST_CASE("line buffer: NUL, bare CR and binary bytes are kept and flagged") {
  LineBuffer b;
  b.feed(std::string("a\0b\r\n", 5));
  auto l = b.next_line(100);
  REQUIRE(l);
  CHECK(l->has_nul);
  CHECK(l->text.size() == 3);
  b.feed("x\ry\r\n");
  auto cr = b.next_line(100);
  REQUIRE(cr);
  CHECK(cr->bare_cr);
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  b.feed(binary);
  int lines = 0;
  while (b.next_line(1000)) ++lines;
  CHECK(lines == 1);  // one LF (byte 10) in 0..255
}

TEST_CASE("line buffer: exact byte counts for literals, and clear at STARTTLS") {
  LineBuffer b;
  b.feed("{5}\r\nhello world\r\n");
  CHECK(b.next_line(100)->text == "{5}");
  CHECK(b.take(5) == "hello");
  CHECK_FALSE(b.take(100));
  CHECK(b.next_line(100)->text == " world");
  b.feed("STARTTLS\r\nINJECTED\r\n");
  CHECK(b.next_line(100)->text == "STARTTLS");
  b.clear();
  CHECK_FALSE(b.next_line(100));
  std::string out;
  b.feed("abcdef");
  CHECK(b.take_some(out, 4) == 4);
  CHECK(out == "abcd");
}

TEST_CASE("line buffer: memory stays bounded under a flood of lines") {
  LineBuffer b;
  for (int i = 0; i < 10000; ++i) {
    b.feed("NOOP\r\n");
    REQUIRE(b.next_line(100));
  }
  CHECK(b.buffered() == 0);
}
