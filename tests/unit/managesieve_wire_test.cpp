// The ManageSieve grammar (libs/managesieve/src/wire.cpp): requests fed as lines and
// literals, and the strings and responses the server writes.
#include <doctest/doctest.h>

#include "carteiro/managesieve/wire.hpp"

using namespace carteiro::managesieve;
using Next = RequestReader::Next;

namespace {

// Feeds a whole wire request (lines and literals as a client sends them) to a reader.
RequestReader read(std::string_view wire, std::size_t max_literal = 1000) {
  RequestReader reader(max_literal);
  auto next = Next::line;
  while (next != Next::done) {
    auto end = wire.find("\r\n");
    REQUIRE(end != std::string_view::npos);
    next = reader.feed_line(wire.substr(0, end));
    wire.remove_prefix(end + 2);
    if (next == Next::literal) {
      auto n = std::min(reader.literal_size(), wire.size());
      next = reader.feed_literal(reader.keep_literal() ? std::string(wire.substr(0, n)) : std::string());
      wire.remove_prefix(n);
    }
  }
  CHECK(wire.empty());
  return reader;
}

std::vector<std::string> texts(const RequestReader& reader) {
  std::vector<std::string> out;
  for (const auto& t : reader.request().tokens) out.push_back(t.text);
  return out;
}

}  // namespace

TEST_CASE("managesieve wire: atoms, quoted strings, numbers") {
  auto r = read("HAVESPACE \"my \\\"script\\\" \\\\ 1\" 1024\r\n");
  REQUIRE_FALSE(r.error());
  REQUIRE(r.request().tokens.size() == 3);
  CHECK(r.request().tokens[0].kind == Token::Kind::atom);
  CHECK(r.request().tokens[0].text == "HAVESPACE");
  CHECK(r.request().tokens[1].kind == Token::Kind::string);
  CHECK(r.request().tokens[1].text == "my \"script\" \\ 1");
  CHECK(r.request().tokens[2].kind == Token::Kind::number);
  CHECK(r.request().tokens[2].number == 1024);
  CHECK(texts(read("capability\r\n")) == std::vector<std::string>{"capability"});
  CHECK(texts(read("NOOP   \"\"  \r\n")) == std::vector<std::string>{"NOOP", ""});
  CHECK(read("\r\n").request().tokens.empty());
}

TEST_CASE("managesieve wire: literals, with and without +, continue the request on the next line") {
  auto r = read("PUTSCRIPT \"a\" {12+}\r\nkeep;\r\nstop;\r\n");
  REQUIRE_FALSE(r.error());
  CHECK(texts(r) == std::vector<std::string>{"PUTSCRIPT", "a", "keep;\r\nstop;"});
  r = read("PUTSCRIPT {1}\r\nx \"second\"\r\n");
  CHECK(texts(r) == std::vector<std::string>{"PUTSCRIPT", "x", "second"});
  r = read("AUTHENTICATE \"PLAIN\" {0+}\r\n\r\n");
  CHECK(texts(r) == std::vector<std::string>{"AUTHENTICATE", "PLAIN", ""});
  std::string binary("\0\xff\r\n\"{}", 7);
  r = read("CHECKSCRIPT {7+}\r\n" + binary + "\r\n");
  CHECK(texts(r) == std::vector<std::string>{"CHECKSCRIPT", binary});
}

TEST_CASE("managesieve wire: malformed requests are refused with a reason") {
  for (auto bad : {"PUTSCRIPT \"unterminated\r\n", "PUTSCRIPT \"bad \\escape\"\r\n", "NOOP \"x\"y\r\n",
                   "HAVESPACE \"a\" 99999999999\r\n", "HAVESPACE \"a\" 12ab\r\n", "PUTSCRIPT {12+} \"a\"\r\n",
                   "PUTSCRIPT {x+}\r\n", "PUTSCRIPT (x)\r\n", "A B C D E F G H I\r\n"}) {
    CAPTURE(bad);
    auto r = read(bad);
    CHECK(r.error());
    CHECK_FALSE(r.too_big());
  }
  auto nul = read(std::string("NOOP \"a\0b\"\r\n", 12));
  CHECK(nul.error());
  CHECK(read("PUTSCRIPT \"" + std::string(1025, 'x') + "\"\r\n").error());
  CHECK_FALSE(read("PUTSCRIPT \"" + std::string(1024, 'x') + "\"\r\n").error());
}

TEST_CASE("managesieve wire: a literal over the bound is refused before it is read, and skipped") {
  RequestReader reader(100);
  CHECK(reader.feed_line("PUTSCRIPT \"big\" {5000000+}") == Next::literal);
  CHECK(reader.literal_size() == 5000000);
  CHECK_FALSE(reader.keep_literal());
  REQUIRE(reader.error());
  CHECK(reader.too_big());
  CHECK(reader.feed_literal("") == Next::line);
  CHECK(reader.feed_line("") == Next::done);
  CHECK(reader.request().tokens.size() == 2);  // the literal was never taken in
  // At the bound exactly, it is read.
  auto fits = read("PUTSCRIPT \"a\" {3+}\r\nabc\r\n", 3);
  CHECK_FALSE(fits.error());
}

TEST_CASE("managesieve wire: after a malformed line, a literal it announces is still skipped") {
  auto r = read("PUTSCRIPT \"x\\y\" {6+}\r\nLOGOUT\r\n");
  CHECK(r.error());
  CHECK(texts(r).size() <= 2);  // LOGOUT was literal data, never a command
  // A later malformed continuation line ends the request refused, its literal skipped too.
  r = read("PUTSCRIPT {2+}\r\nab (bad) {3+}\r\nxyz\r\n");
  CHECK(r.error());
}

TEST_CASE("managesieve wire: truncated requests wait for what is missing") {
  RequestReader reader(100);
  CHECK(reader.feed_line("PUTSCRIPT \"a\" {10+}") == Next::literal);
  CHECK(reader.keep_literal());
  CHECK(reader.literal_size() == 10);
  CHECK(reader.feed_literal("0123456789") == Next::line);
  CHECK(reader.feed_line("") == Next::done);
  CHECK_FALSE(reader.error());
}

TEST_CASE("managesieve wire: strings and responses the server writes") {
  CHECK(wire_string("plain") == "\"plain\"");
  CHECK(wire_string("a \"b\" \\") == "\"a \\\"b\\\" \\\\\"");
  CHECK(wire_string("two\r\nlines") == "{10}\r\ntwo\r\nlines");
  CHECK(wire_string(std::string(1025, 'x')) == "{1025}\r\n" + std::string(1025, 'x'));
  CHECK(response("OK", "", "") == "OK\r\n");
  CHECK(response("NO", "(QUOTA/MAXSIZE)", "Too big") == "NO (QUOTA/MAXSIZE) \"Too big\"\r\n");
  CHECK(response("OK", "(TAG \"x\")", "Done") == "OK (TAG \"x\") \"Done\"\r\n");
  CHECK(response("NO", "", "line 2, column 3: expected \";\"") == "NO \"line 2, column 3: expected \\\";\\\"\"\r\n");
}
