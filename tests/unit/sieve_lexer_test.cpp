// The Sieve lexer (RFC 5228 section 8.1): tokens, string values, positions and errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../libs/sieve/src/lexer.hpp"

using namespace carteiro::sieve;
using Kind = Token::Kind;

namespace {

std::vector<Token> tokens_of(std::string_view text) {
  auto result = tokenize(text);
  REQUIRE_MESSAGE(!result.error, (result.error ? result.error->text() : ""));
  return result.tokens;
}

std::string error_of(std::string_view text) {
  auto result = tokenize(text);
  return result.error ? result.error->text() : "";
}

// The one string token of TEXT.
std::string string_value(std::string_view text) {
  auto tokens = tokens_of(text);
  REQUIRE(tokens.size() == 2);
  REQUIRE(tokens[0].kind == Kind::string);
  return tokens[0].text;
}

}  // namespace

TEST_CASE("sieve lexer: identifiers, tags, punctuation and positions") {
  auto tokens = tokens_of("IF header :Is [\"a\", \"b\"] (x) {keep;}");
  std::vector<Kind> kinds;
  for (const auto& token : tokens) kinds.push_back(token.kind);
  CHECK(kinds == std::vector<Kind>{Kind::identifier, Kind::identifier, Kind::tag,
                                   Kind::left_bracket, Kind::string, Kind::comma, Kind::string,
                                   Kind::right_bracket, Kind::left_paren, Kind::identifier,
                                   Kind::right_paren, Kind::left_brace, Kind::identifier,
                                   Kind::semicolon, Kind::right_brace, Kind::end});
  CHECK(tokens[0].text == "if");  // identifiers ignore case
  CHECK(tokens[2].text == "is");
  CHECK(tokens[2].position.column == 11);
  CHECK(tokens[15].position.column == 37);

  auto lines = tokens_of("keep;\r\n  stop;\n\tdiscard;");
  CHECK(lines[2].position.line == 2);
  CHECK(lines[2].position.column == 3);
  CHECK(lines[4].position.line == 3);
  CHECK(lines[4].position.column == 2);
  CHECK(tokens_of("_a1_b")[0].text == "_a1_b");
}

TEST_CASE("sieve lexer: numbers and their quantifiers (RFC 5228 2.4.1)") {
  CHECK(tokens_of("0")[0].number == 0);
  CHECK(tokens_of("100")[0].number == 100);
  CHECK(tokens_of("10K")[0].number == 10240);
  CHECK(tokens_of("10k")[0].number == 10240);
  CHECK(tokens_of("2M")[0].number == 2u * 1024 * 1024);
  CHECK(tokens_of("3G")[0].number == 3ull * 1024 * 1024 * 1024);
  CHECK(tokens_of("9223372036854775807")[0].number == 9223372036854775807ull);
  CHECK(tokens_of("8589934591G")[0].number == 8589934591ull << 30);
  CHECK(error_of("size :over 9223372036854775808") ==
        "line 1, column 12: number too large (the largest is 9223372036854775807)");
  CHECK(error_of("size :over 8589934592G") ==
        "line 1, column 12: number too large (the largest is 9223372036854775807)");
  CHECK(error_of("99999999999999999999999999999") ==
        "line 1, column 1: number too large (the largest is 9223372036854775807)");
}

TEST_CASE("sieve lexer: quoted strings (RFC 5228 2.4.2)") {
  CHECK(string_value(R"("plain")") == "plain");
  CHECK(string_value(R"("a\\b")") == "a\\b");
  CHECK(string_value(R"("say \"hi\"")") == "say \"hi\"");
  CHECK(string_value(R"("\a\q")") == "aq");  // an undefined escape is the octet itself
  CHECK(string_value("\"two\nlines\"") == "two\r\nlines");
  CHECK(string_value("\"two\r\nlines\"") == "two\r\nlines");
  CHECK(string_value("\"\"") == "");
  CHECK(string_value("\"caf\xc3\xa9\"") == "caf\xc3\xa9");
  CHECK(error_of("keep;\n  \"no end") == "line 2, column 3: unterminated string (expected '\"')");
  CHECK(error_of("\"ends in a backslash\\") ==
        "line 1, column 1: unterminated string (expected '\"')");
}

TEST_CASE("sieve lexer: multi-line strings with dot-stuffing") {
  CHECK(string_value("text:\nline one\n..dotted\n.x\n.\n") == "line one\r\n.dotted\r\nx\r\n");
  CHECK(string_value("text:   \t# comment\r\nbody\r\n.\r\n") == "body\r\n");
  CHECK(string_value("text:\n.\n") == "");
  CHECK(string_value("TEXT:\nx\n.") == "x\r\n");  // the last line end may be missing
  CHECK(string_value("text:\n \n.\n") == " \r\n");
  CHECK(error_of("reject text: here\n.\n;") ==
        "line 1, column 14: expected end of line after \"text:\"");
  CHECK(error_of("reject text:\nno end\n") ==
        "line 1, column 8: unterminated multi-line string (expected a line with a single '.')");
  CHECK(error_of("reject text:") ==
        "line 1, column 13: expected end of line after \"text:\"");
  // "text" not followed by ':' is an identifier.
  CHECK(tokens_of("text :x")[0].kind == Kind::identifier);
}

TEST_CASE("sieve lexer: comments and white space") {
  CHECK(tokens_of("# only a comment").size() == 1);
  CHECK(tokens_of("/* a\n * bracket\n comment */ keep").size() == 2);
  CHECK(tokens_of("keep/**/;").size() == 3);
  CHECK(tokens_of("keep; # trailing\r\nstop;")[2].position.line == 2);
  CHECK(tokens_of("").size() == 1);
  auto after_bom = tokens_of("\xEF\xBB\xBFkeep;");
  REQUIRE(after_bom.size() == 3);
  CHECK(after_bom[0].text == "keep");
  CHECK(after_bom[0].position.column == 4);
  CHECK(error_of("keep;\xEF\xBB\xBF") == "line 1, column 6: unexpected octet 0xEF");
  CHECK(error_of("keep; /* open\n") == "line 1, column 7: unterminated comment (expected \"*/\")");
}

TEST_CASE("sieve lexer: refused octets") {
  CHECK(error_of(std::string_view("keep;\0", 6)) == "line 1, column 6: NUL octet in script");
  CHECK(error_of("keep;\n\"a\xff\"") ==
        "line 2, column 3: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(error_of("# \xc3") == "line 1, column 3: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(error_of("\xed\xa0\x80") == "line 1, column 1: invalid UTF-8 (a script is UTF-8 text)");
  CHECK(error_of("keep;\r\rstop;") == "line 1, column 6: CR not followed by LF");
  CHECK(error_of("keep;\x01") == "line 1, column 6: unexpected octet 0x01");
  CHECK(error_of("keep @") == "line 1, column 6: unexpected character '@'");
  CHECK(error_of("\xc3\xa9") == "line 1, column 1: unexpected octet 0xC3");
  CHECK(error_of(": is") == "line 1, column 1: expected an identifier after ':'");
}
