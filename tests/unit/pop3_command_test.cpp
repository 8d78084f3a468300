#include <doctest/doctest.h>

#include <string>

#include "carteiro/pop3/command.hpp"

using namespace carteiro::pop3;

namespace {
Command ok(std::string_view line) {
  auto result = parse_command(line);
  INFO("line: ", std::string(line));
  REQUIRE(std::holds_alternative<Command>(result));
  return std::get<Command>(result);
}
std::string err(std::string_view line) {
  auto result = parse_command(line);
  INFO("line: ", std::string(line));
  REQUIRE(std::holds_alternative<ParseError>(result));
  return std::get<ParseError>(result).reason;
}
}  // namespace

TEST_CASE("pop3 command: keywords are case-insensitive") {
  CHECK(ok("STAT").verb == Verb::stat);
  CHECK(ok("stat").verb == Verb::stat);
  CHECK(ok("sTaT").verb == Verb::stat);
  CHECK(ok("top 1 0").verb == Verb::top);
  CHECK(ok("capa").verb == Verb::capa);
  CHECK(ok("stls").verb == Verb::stls);
  CHECK(ok("noop").verb == Verb::noop);
  CHECK(ok("rset").verb == Verb::rset);
  CHECK(ok("quit").verb == Verb::quit);
}

TEST_CASE("pop3 command: USER and PASS as students type them") {
  auto user = ok("user bob");
  CHECK(user.verb == Verb::user);
  CHECK(user.name == "bob");
  CHECK(ok("USER bob@ifrn.local").name == "bob@ifrn.local");
  CHECK(ok("USER   bob  ").name == "bob");
  // Longer than RFC 1939's 40 characters but within RFC 2449's 255-octet line.
  std::string long_address = "firstname.lastname.department@subdomain.example.test";
  CHECK(ok("USER " + long_address).name == long_address);
  CHECK(ok("USER jos\xc3\xa9@example.test").name == "jos\xc3\xa9@example.test");

  auto pass = ok("pass bob");
  CHECK(pass.verb == Verb::pass);
  CHECK(pass.secret == "bob");
  // RFC 1939 section 7: spaces may be part of the password.
  CHECK(ok("PASS correct horse battery staple").secret == "correct horse battery staple");
  CHECK(ok("PASS  lead and trail ").secret == " lead and trail ");
  CHECK(ok("PASS p\xc3\xa4ss").secret == "p\xc3\xa4ss");

  CHECK(err("USER") == "Usage: USER name");
  CHECK(err("USER ") == "Usage: USER name");
  CHECK(err("USER bob extra") == "Usage: USER name");
  CHECK(err("PASS") == "Usage: PASS password");
  CHECK(err("PASS ") == "Usage: PASS password");
  CHECK(err("PASSbob") == "Unknown command");
}

TEST_CASE("pop3 command: APOP name digest") {
  auto apop = ok("APOP mrose c4c9334bac560ecc979e58001b3e22fb");
  CHECK(apop.verb == Verb::apop);
  CHECK(apop.name == "mrose");
  CHECK(apop.secret == "c4c9334bac560ecc979e58001b3e22fb");
  CHECK(ok("apop mrose C4C9334BAC560ECC979E58001B3E22FB").secret == "c4c9334bac560ecc979e58001b3e22fb");
  err("APOP mrose");
  err("APOP mrose c4c9334bac560ecc979e58001b3e22f");    // 31 digits
  err("APOP mrose c4c9334bac560ecc979e58001b3e22fbb");  // 33 digits
  err("APOP mrose g4c9334bac560ecc979e58001b3e22fb");   // not hex
  err("APOP mrose c4c9334bac560ecc979e58001b3e22fb x");
  err("APOP");
}

TEST_CASE("pop3 command: AUTH with and without initial response (RFC 5034)") {
  auto bare = ok("AUTH");
  CHECK(bare.verb == Verb::auth);
  CHECK(bare.name.empty());
  auto plain = ok("auth plain");
  CHECK(plain.name == "PLAIN");
  CHECK_FALSE(plain.has_initial_response);
  auto initial = ok("AUTH PLAIN AGJvYgBzZWNyZXQ=");
  CHECK(initial.has_initial_response);
  CHECK(initial.secret == "AGJvYgBzZWNyZXQ=");
  auto empty = ok("AUTH PLAIN =");
  CHECK(empty.has_initial_response);
  CHECK(empty.secret.empty());
  err("AUTH PLAIN a b");
  err("AUTH " + std::string(41, 'X'));
}

TEST_CASE("pop3 command: message numbers") {
  CHECK_FALSE(ok("LIST").message.has_value());
  CHECK(ok("LIST 1").message == 1u);
  CHECK(ok("list 42 ").message == 42u);
  CHECK(ok("UIDL 7").message == 7u);
  CHECK_FALSE(ok("uidl").message.has_value());
  CHECK(ok("RETR 99999").message == 99999u);
  CHECK(ok("DELE 3").message == 3u);
  CHECK(ok("RETR 0004294967295").message == 4294967295u);
  auto top = ok("TOP 2 10");
  CHECK(top.message == 2u);
  CHECK(top.lines == 10u);
  CHECK(ok("TOP 2 0").lines == 0u);
  CHECK(ok("TOP 2 99999999999999").lines == UINT32_MAX);

  CHECK(err("RETR 0") == "Invalid message number");
  CHECK(err("RETR") == "Usage: RETR message-number");
  CHECK(err("DELE") == "Usage: DELE message-number");
  err("RETR -1");
  err("RETR +1");
  err("RETR 1x");
  err("RETR 1 2");
  err("RETR 4294967296");  // does not fit: no such message anyway
  err("RETR " + std::string(41, '1'));
  err("LIST 0");
  err("LIST one");
  err("TOP 1");
  err("TOP 1 x");
  err("TOP 0 1");
  err("TOP 1 -1");
  err("TOP");
}

TEST_CASE("pop3 command: commands without arguments refuse them") {
  CHECK(err("STAT 1") == "STAT takes no argument");
  CHECK(err("QUIT now") == "QUIT takes no argument");
  err("CAPA X");
  err("STLS X");
  CHECK(ok("QUIT   ").verb == Verb::quit);
  CHECK(ok("  NOOP").verb == Verb::noop);
}

TEST_CASE("pop3 command: malformed, truncated, oversized and binary input") {
  CHECK(err("") == "Empty command");
  CHECK(err("   ") == "Empty command");
  CHECK(err("XYZZY") == "Unknown command");
  CHECK(err("XY") == "Unknown command");
  CHECK(err("RET") == "Unknown command");
  CHECK(err("RETRR 1") == "Unknown command");
  CHECK(err("HELO x") == "Unknown command");
  CHECK(err("ST") == "Unknown command");
  // Control bytes, NUL, bare CR, tabs, DEL, escape sequences.
  CHECK(err(std::string("STAT\0", 5)) == "Control characters are not allowed in commands");
  err(std::string("US\0R bob", 8));
  err("USER\tbob");
  err("STAT\r");
  err("\x1b[A");
  err("NOOP\x7f");
  err(std::string("PASS se\0cret", 12));
  // High bytes never make a keyword.
  err("\xff\xfe\xfd\xfc");
  err("ST\xc3\x81T");
  err("RETR \xd9\xa1");  // Arabic-Indic digit one
  // Oversized: 253 octets of text is the most (255 with CRLF).
  std::string longest = "USER " + std::string(248, 'a');
  CHECK(longest.size() == kMaxCommandLine);
  CHECK(ok(longest).name.size() == 248);
  CHECK(err(longest + "a") == "Command line too long (255 octets at most)");
  err(std::string(100000, 'A'));
  // Every single byte as a line: never crashes, never a command except nothing.
  for (int b = 0; b < 256; ++b) {
    auto result = parse_command(std::string(1, static_cast<char>(b)));
    CHECK(std::holds_alternative<ParseError>(result));
  }
}

TEST_CASE("pop3 command: verb names") {
  CHECK(verb_name(Verb::retr) == "RETR");
  CHECK(verb_name(Verb::top) == "TOP");
  CHECK(verb_name(Verb::uidl) == "UIDL");
}
