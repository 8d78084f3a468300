#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/net/line_buffer.hpp"
#include "carteiro/smtp/data_reader.hpp"

using carteiro::net::Line;
using carteiro::net::LineBuffer;
using namespace carteiro::smtp;

namespace {

struct Fed {
  bool ended = false;
  DataError error = DataError::none;
  std::string message;
  std::size_t lines_used = 0;
};

// Feeds WIRE through a LineBuffer (as the session does) into a DataReader.
Fed feed_wire(std::string_view wire, std::uint64_t max_size = 1000, std::size_t max_line = 100) {
  LineBuffer buffer;
  buffer.feed(wire);
  DataReader reader(max_size);
  Fed out;
  while (auto line = buffer.next_line(max_line)) {
    ++out.lines_used;
    if (reader.feed(*line)) {
      out.ended = true;
      break;
    }
    if (reader.error() == DataError::bare_newline) break;
  }
  out.error = reader.error();
  out.message = reader.take();
  return out;
}

}  // namespace

TEST_CASE("smtp data: ends at CRLF.CRLF, lines kept with CRLF") {
  auto f = feed_wire("Subject: x\r\n\r\nhello\r\n.\r\nMAIL FROM:<a@b>\r\n");
  CHECK(f.ended);
  CHECK(f.error == DataError::none);
  CHECK(f.message == "Subject: x\r\n\r\nhello\r\n");
  CHECK(f.lines_used == 4);
}

TEST_CASE("smtp data: empty message and dot-unstuffing (RFC 5321 section 4.5.2)") {
  CHECK(feed_wire(".\r\n").message.empty());
  auto f = feed_wire("..\r\n...x\r\n.a\r\n.\r\n");
  CHECK(f.ended);
  CHECK(f.message == ".\r\n..x\r\na\r\n");
}

TEST_CASE("smtp data: truncated input does not end the message") {
  auto f = feed_wire("hello\r\n.");
  CHECK_FALSE(f.ended);
  f = feed_wire("hello\r\n");
  CHECK_FALSE(f.ended);
}

TEST_CASE("smtp data: bare LF and bare CR are refused at once (SMTP smuggling)") {
  auto f = feed_wire("hello\n.\nMAIL FROM:<evil@x>\r\n.\r\n");
  CHECK(f.error == DataError::bare_newline);
  CHECK_FALSE(f.ended);
  CHECK(f.lines_used == 1);
  CHECK(f.message.empty());
  f = feed_wire("hello\r\n.\r\r\n.\r\n");  // "<CR>.<CR>" inside a line
  CHECK(f.error == DataError::bare_newline);
  f = feed_wire("a\rb\r\n.\r\n");
  CHECK(f.error == DataError::bare_newline);
  f = feed_wire("ok\r\n\n.\r\n");
  CHECK(f.error == DataError::bare_newline);
}

TEST_CASE("smtp data: the size limit is enforced while reading, then reading goes on to the end") {
  std::string wire;
  for (int i = 0; i < 50; ++i) wire += "0123456789012345678901234567890123456789\r\n";
  wire += ".\r\n";
  auto f = feed_wire(wire, 1000);
  CHECK(f.ended);
  CHECK(f.error == DataError::too_big);
  CHECK(f.message.empty());
  auto ok = feed_wire(wire, 100000);
  CHECK(ok.error == DataError::none);
  CHECK(ok.message.size() == 50 * 42);
}

TEST_CASE("smtp data: overlong line is an error, message not kept") {
  auto f = feed_wire(std::string(500, 'x') + "\r\nshort\r\n.\r\n", 100000, 100);
  CHECK(f.ended);
  CHECK(f.error == DataError::line_too_long);
  CHECK(f.message.empty());
}

TEST_CASE("smtp data: binary bytes and NUL pass through (8BITMIME)") {
  auto f = feed_wire(std::string("\xff\xfe\0abc\r\n.\r\n", 11));
  CHECK(f.ended);
  CHECK(f.message == std::string("\xff\xfe\0abc\r\n", 8));
}

TEST_CASE("smtp data: kept text is handed on in pieces (pending, clear_pending)") {
  LineBuffer buffer;
  buffer.feed("a\r\n..b\r\nc\r\n.\r\n");
  DataReader reader(1000);
  std::string moved;
  while (auto line = buffer.next_line(100)) {
    if (reader.feed(*line)) break;
    moved += reader.pending();
    reader.clear_pending();
    CHECK(reader.pending().empty());
  }
  CHECK(moved == "a\r\n.b\r\nc\r\n");
  CHECK(reader.size() == moved.size());
  CHECK(reader.take().empty());
}
