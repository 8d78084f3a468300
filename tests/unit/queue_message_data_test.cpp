#include <doctest/doctest.h>

#include "carteiro/queue/message_data.hpp"

using carteiro::queue::dot_stuff;

TEST_CASE("queue data: dot-stuffing (RFC 5321 section 4.5.2)") {
  CHECK(dot_stuff("Subject: x\r\n\r\nhello\r\n") == "Subject: x\r\n\r\nhello\r\n.\r\n");
  CHECK(dot_stuff(".\r\n..x\r\nnot.first\r\n") == "..\r\n...x\r\nnot.first\r\n.\r\n");
  CHECK(dot_stuff(".start") == "..start\r\n.\r\n");
}

TEST_CASE("queue data: line endings become CRLF, final CRLF added") {
  CHECK(dot_stuff("a\nb\rc") == "a\r\nb\r\nc\r\n.\r\n");
  CHECK(dot_stuff("a\n.b") == "a\r\n..b\r\n.\r\n");
  CHECK(dot_stuff("") == ".\r\n");
  CHECK(dot_stuff("\r\n") == "\r\n.\r\n");
}

TEST_CASE("queue data: binary bytes pass through") {
  std::string bytes("x\0y\xff\r\n", 6);
  CHECK(dot_stuff(bytes) == std::string("x\0y\xff\r\n.\r\n", 9));
}
