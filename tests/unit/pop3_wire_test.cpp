#include <doctest/doctest.h>

#include <string>

#include "carteiro/pop3/wire.hpp"

using namespace carteiro::pop3;

namespace {
// The whole multi-line body for CONTENT, fed in chunks of CHUNK octets.
std::string stuffed(std::string_view content, std::size_t chunk = 1 << 20) {
  MultilineWriter writer;
  std::string out;
  for (std::size_t i = 0; i < content.size(); i += chunk) writer.write(content.substr(i, chunk), out);
  writer.finish(out);
  return out;
}
// Undoes byte-stuffing and removes the terminator, as a client does (RFC 1939 section 3).
std::string unstuffed(std::string_view wire) {
  std::string out;
  std::size_t position = 0;
  while (position < wire.size()) {
    auto end = wire.find("\r\n", position);
    REQUIRE(end != std::string_view::npos);
    auto line = wire.substr(position, end - position);
    position = end + 2;
    if (line == ".") {
      CHECK(position == wire.size());
      break;
    }
    if (!line.empty() && line[0] == '.') line.remove_prefix(1);
    out.append(line);
    out += "\r\n";
  }
  return out;
}
}  // namespace

TEST_CASE("pop3 wire: CRLF content is sent as is") {
  std::string content = "Subject: hi\r\n\r\nhello\r\n";
  CHECK(wire_size(content) == static_cast<std::int64_t>(content.size()));
  CHECK(stuffed(content) == content + ".\r\n");
}

TEST_CASE("pop3 wire: bare LF lines are sent and counted with CRLF") {
  std::string content = "Subject: hi\n\nhello\nworld\n";
  CHECK(wire_size(content) == static_cast<std::int64_t>(content.size()) + 4);
  CHECK(stuffed(content) == "Subject: hi\r\n\r\nhello\r\nworld\r\n.\r\n");
}

TEST_CASE("pop3 wire: a last line without its end gets CRLF before the terminator") {
  CHECK(wire_size("a\r\nb") == 6);
  CHECK(stuffed("a\r\nb") == "a\r\nb\r\n.\r\n");
  CHECK(wire_size("") == 0);
  CHECK(stuffed("") == ".\r\n");
}

TEST_CASE("pop3 wire: lines starting with a dot are byte-stuffed and round-trip") {
  std::string content = ".\r\n..\r\n.hidden\r\nnot.first\r\n.";
  std::string wire = stuffed(content);
  CHECK(wire == "..\r\n...\r\n..hidden\r\nnot.first\r\n..\r\n.\r\n");
  CHECK(unstuffed(wire) == ".\r\n..\r\n.hidden\r\nnot.first\r\n.\r\n");
  CHECK(wire_size(content) == static_cast<std::int64_t>(unstuffed(wire).size()));
}

TEST_CASE("pop3 wire: chunk boundaries change nothing") {
  std::string content = "From: a\n.x\r\n\r\n.\n..\r\nline\r\r\nend";
  std::string whole = stuffed(content);
  for (std::size_t chunk = 1; chunk <= content.size(); ++chunk) {
    INFO("chunk ", chunk);
    CHECK(stuffed(content, chunk) == whole);
  }
}

TEST_CASE("pop3 wire: wire_size equals what the client receives, for odd content") {
  using namespace std::string_view_literals;
  const std::string_view samples[] = {"x"sv, "\n"sv, "\r"sv, "\r\n"sv, "\n\n"sv, "\r\r\n"sv, "a\rb\nc"sv, ".\n."sv, "\0"sv,
                                      "\0\n.\0\r"sv, "\xff\xfe\n.\xff"sv};
  for (auto sample : samples) {
    std::string content(sample);
    INFO("content: ", content);
    std::string received = unstuffed(stuffed(content));
    CHECK(wire_size(content) == static_cast<std::int64_t>(received.size()));
  }
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919) % 256));
  CHECK(wire_size(binary) == static_cast<std::int64_t>(unstuffed(stuffed(binary, 97)).size()));
}

TEST_CASE("pop3 wire: TOP takes the header, the blank line and N body lines") {
  std::string message = "From: a\r\nSubject: b\r\n\r\none\r\ntwo\r\nthree\r\n";
  CHECK(message.substr(0, top_length(message, 0)) == "From: a\r\nSubject: b\r\n\r\n");
  CHECK(message.substr(0, top_length(message, 1)) == "From: a\r\nSubject: b\r\n\r\none\r\n");
  CHECK(message.substr(0, top_length(message, 2)) == "From: a\r\nSubject: b\r\n\r\none\r\ntwo\r\n");
  CHECK(top_length(message, 3) == message.size());
  CHECK(top_length(message, 1000) == message.size());
  CHECK(top_length(message, UINT32_MAX) == message.size());
}

TEST_CASE("pop3 wire: TOP of odd messages") {
  CHECK(top_length("", 5) == 0);
  CHECK(top_length("Subject: only a header\r\n", 0) == 24);
  CHECK(top_length("Subject: no line end", 0) == 20);
  std::string lf = "A: b\n\nbody1\nbody2\n";
  CHECK(lf.substr(0, top_length(lf, 1)) == "A: b\n\nbody1\n");
  std::string empty_header = "\r\nbody\r\n";
  CHECK(top_length(empty_header, 0) == 2);
  CHECK(top_length(empty_header, 1) == empty_header.size());
  std::string unterminated = "A: b\r\n\r\nlast";
  CHECK(top_length(unterminated, 1) == unterminated.size());
}
