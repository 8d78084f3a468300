// A message that arrives in pieces: TopCutter (TOP, RFC 1939 section 7) takes exactly the
// prefix top_length() finds in the whole message and stops early; WireSizeCounter counts
// what wire_size() counts.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/pop3/wire.hpp"

using namespace carteiro::pop3;

namespace {

// The prefix TopCutter keeps when MESSAGE comes in pieces of PIECE octets.
std::string cut(std::string_view message, std::uint32_t lines, std::size_t piece) {
  TopCutter cutter(lines);
  std::string out;
  for (std::size_t i = 0; i < message.size() && !cutter.done(); i += piece) {
    auto part = message.substr(i, piece);
    out.append(part.substr(0, cutter.take(part)));
  }
  return out;
}

}  // namespace

TEST_CASE("pop3 top cutter: pieces of 1, 2, 3 and 7 octets give top_length()'s prefix") {
  const std::string messages[] = {
      "From: a\r\nSubject: b\r\n\r\none\r\ntwo\r\n.three\r\n",
      "A: b\n\nbody1\nbody2\n",
      "A: b\r\n\r\n\r\n\r\nafter blank body lines\r\n",
      "Subject: only a header\r\n",
      "Subject: no line end",
      "\r\nempty header\r\nsecond\r\n",
      "A: \r b\r\n\r\nx\r\r\ny",
      "",
  };
  for (const auto& message : messages) {
    for (std::uint32_t lines : {0u, 1u, 2u, 100u}) {
      const auto expected = message.substr(0, top_length(message, lines));
      for (std::size_t piece : {1, 2, 3, 7}) {
        CAPTURE(message);
        CAPTURE(lines);
        CAPTURE(piece);
        CHECK(cut(message, lines, piece) == expected);
      }
    }
  }
}

TEST_CASE("pop3 top cutter: done once the header and the body lines are in") {
  TopCutter cutter(1);
  CHECK(cutter.take("From: a\r\n\r") == 10);
  CHECK(!cutter.done());
  CHECK(cutter.take("\nline one\r\nline two\r\n") == 11);
  CHECK(cutter.done());
  CHECK(cutter.take("more") == 0);
}

TEST_CASE("pop3 wire size counter: pieces of 1, 2, 3 and 7 octets count what wire_size() counts") {
  const std::string contents[] = {
      "a\r\nb\n", "bare lf\nand cr\r", std::string("nul at the end\0", 15), "\n\n\r\n", "", "x",
  };
  for (const auto& content : contents) {
    for (std::size_t piece : {1, 2, 3, 7}) {
      CAPTURE(content);
      CAPTURE(piece);
      WireSizeCounter counter;
      for (std::size_t i = 0; i < content.size(); i += piece) counter.add(std::string_view(content).substr(i, piece));
      CHECK(counter.total() == wire_size(content));
    }
  }
  CHECK(wire_size(std::string("a\0", 2)) == 4);
}
