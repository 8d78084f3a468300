// pop3::parse_command (command.hpp), one input line after another. Checked: an accepted
// command respects RFC 1939 (message numbers from 1, a 32-hex-digit lower-case APOP
// digest, names without blanks or control bytes), a rejection says why, and a command
// written back the canonical way parses to the same command.
#include <cstdint>
#include <string>
#include <variant>

#include "carteiro/pop3/command.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::pop3;

bool no_blank_or_control(std::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return false;
  return true;
}

// The command as a client would write it; empty for those with free-form secrets.
std::string canonical(const Command& c) {
  std::string line(verb_name(c.verb));
  switch (c.verb) {
    case Verb::user: return line + " " + c.name;
    case Verb::apop: return line + " " + c.name + " " + c.secret;
    case Verb::list:
    case Verb::uidl: return c.message ? line + " " + std::to_string(*c.message) : line;
    case Verb::retr:
    case Verb::dele: return line + " " + std::to_string(*c.message);
    case Verb::top: return line + " " + std::to_string(*c.message) + " " + std::to_string(c.lines);
    case Verb::pass:
    case Verb::auth: return {};
    default: return line;
  }
}

bool same(const Command& a, const Command& b) {
  return a.verb == b.verb && a.name == b.name && a.secret == b.secret &&
         a.has_initial_response == b.has_initial_response && a.message == b.message && a.lines == b.lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  while (!input.empty()) {
    std::string_view line = input.line();
    ParseResult result = parse_command(line);
    if (auto* error = std::get_if<ParseError>(&result)) {
      FUZZ_CHECK(!error->reason.empty());
      continue;
    }
    const Command& c = std::get<Command>(result);
    FUZZ_CHECK(line.size() <= kMaxCommandLine);
    if (c.message) FUZZ_CHECK(*c.message >= 1);
    if (c.verb == Verb::retr || c.verb == Verb::dele || c.verb == Verb::top) FUZZ_CHECK(c.message.has_value());
    if (c.verb == Verb::user || c.verb == Verb::apop) FUZZ_CHECK(!c.name.empty() && no_blank_or_control(c.name));
    if (c.verb == Verb::apop) {
      FUZZ_CHECK(c.secret.size() == 32);
      for (char h : c.secret) FUZZ_CHECK((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f'));
    }
    if (c.verb == Verb::pass) FUZZ_CHECK(!c.secret.empty());
    if (c.verb == Verb::auth && c.has_initial_response) FUZZ_CHECK(!c.name.empty());
    std::string written = canonical(c);
    if (!written.empty() && written.size() <= kMaxCommandLine) {
      ParseResult again = parse_command(written);
      FUZZ_CHECK(std::holds_alternative<Command>(again) && same(std::get<Command>(again), c));
    }
  }
  return 0;
}
