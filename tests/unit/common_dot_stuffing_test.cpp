// DotStuffer (RFC 5321 section 4.5.2, RFC 1939 section 3): the output does not depend on
// how the message is cut into pieces.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/common/dot_stuffing.hpp"

using carteiro::DotStuffer;

namespace {

std::string stuff(std::string_view message, DotStuffer::BareCr bare_cr, std::size_t piece) {
  DotStuffer stuffer(bare_cr);
  std::string out;
  for (std::size_t i = 0; i < message.size(); i += piece) stuffer.write(message.substr(i, piece), out);
  stuffer.finish(out);
  return out;
}

std::string whole(std::string_view message, DotStuffer::BareCr bare_cr) {
  return stuff(message, bare_cr, message.size() + 1);
}

// Every boundary case: "." starting a piece, CRLF split, CR at a piece's end, binary.
constexpr char kAwkwardBytes[] = ".a\r\n.\r\n..\r\nx.y\r\n\r.b\n.c\r\r\n\r\n.\n\r\r\0\xff.z\r\n.\r\nend without line end";
const std::string kAwkward(kAwkwardBytes, sizeof kAwkwardBytes - 1);

}  // namespace

TEST_CASE("dot stuffing: pieces of 1, 2, 3 and 7 octets give the whole-message output") {
  for (auto mode : {DotStuffer::BareCr::kept, DotStuffer::BareCr::ends_line}) {
    const auto expected = whole(kAwkward, mode);
    for (std::size_t piece : {1, 2, 3, 7}) {
      CAPTURE(piece);
      CHECK(stuff(kAwkward, mode, piece) == expected);
    }
  }
}

TEST_CASE("dot stuffing: SMTP makes every CR, LF and CRLF one CRLF") {
  auto m = DotStuffer::BareCr::ends_line;
  CHECK(whole("a\nb\rc\r\nd", m) == "a\r\nb\r\nc\r\nd\r\n.\r\n");
  CHECK(whole("\r\r\n.x", m) == "\r\n\r\n..x\r\n.\r\n");
  CHECK(stuff("a\r\n.b", m, 2) == "a\r\n..b\r\n.\r\n");  // "a\r" | "\n." | "b"
  CHECK(whole("", m) == ".\r\n");
}

TEST_CASE("dot stuffing: POP3 keeps a bare CR as an octet of its line") {
  auto m = DotStuffer::BareCr::kept;
  CHECK(whole("a\r.b\n.c", m) == "a\r.b\r\n..c\r\n.\r\n");
  CHECK(whole("ends in cr\r", m) == "ends in cr\r\r\n.\r\n");
  CHECK(stuff("x\r\n.y", m, 2) == "x\r\n..y\r\n.\r\n");  // "x\r" | "\n." | "y"
  CHECK(whole("", m) == ".\r\n");
}

TEST_CASE("dot stuffing: the stuffer is ready for the next message after finish()") {
  DotStuffer stuffer(DotStuffer::BareCr::ends_line);
  std::string out;
  stuffer.write("no end\r", out);
  stuffer.finish(out);
  stuffer.write("\n.next", out);
  stuffer.finish(out);
  CHECK(out == "no end\r\n.\r\n\r\n..next\r\n.\r\n");
}
