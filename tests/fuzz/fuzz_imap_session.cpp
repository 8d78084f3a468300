// The IMAP session state machine driven by the input's lines over a real connection, on a
// mailbox of two messages. Checked on everything the server sends, literals ({n} at a line
// end, then n octets) skipped: each line ends with CRLF and holds no other CR or LF; the
// greeting is "* OK", "* PREAUTH" or "* BYE"; every other line is untagged ("* "), a
// continuation request ("+"), or tagged with a tag the client sent and a status of OK, NO
// or BAD (RFC 3501 section 7.1); at most one tagged reply per line sent.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "session_harness.hpp"

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// RFC 3501 section 9: tag = 1*<any ASTRING-CHAR except "+">.
std::size_t tag_length(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size()) {
    auto c = static_cast<unsigned char>(line[n]);
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\+").find(static_cast<char>(c)) != std::string_view::npos)
      break;
    ++n;
  }
  return n;
}

// The size of the literal announced at the end of LINE ("{12}" or "~{12}"), if any.
std::optional<std::size_t> literal_at_end(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  auto open = line.rfind('{');
  if (open == std::string_view::npos || open + 2 > line.size() - 1) return std::nullopt;
  std::size_t n = 0;
  for (char c : line.substr(open + 1, line.size() - open - 2)) {
    if (c < '0' || c > '9' || n > (std::size_t{1} << 40)) return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

void check_replies(std::string_view out, const std::set<std::string, std::less<>>& tags, std::size_t lines_sent,
                   bool complete) {
  std::size_t responses = 0, tagged = 0;
  std::size_t pos = 0;
  while (pos < out.size()) {
    // One response: a line, and after each literal the rest of the line it is part of.
    std::string first_line;
    for (bool more = true; more;) {
      auto end = out.find("\r\n", pos);
      if (end == std::string_view::npos) {
        FUZZ_CHECK(!complete);
        return;
      }
      std::string_view line = out.substr(pos, end - pos);
      pos = end + 2;
      FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
      if (first_line.empty()) first_line = line;
      auto literal = literal_at_end(line);
      more = literal.has_value();
      if (more) {
        if (out.size() - pos < *literal) {
          FUZZ_CHECK(!complete);
          return;
        }
        pos += *literal;
      }
    }
    std::string_view line = first_line;
    if (responses++ == 0) {
      FUZZ_CHECK(starts_with(line, "* OK") || starts_with(line, "* PREAUTH") || starts_with(line, "* BYE"));
      continue;
    }
    if (starts_with(line, "* ") || line == "+" || starts_with(line, "+ ")) continue;
    auto space = line.find(' ');
    FUZZ_CHECK(space != std::string_view::npos);
    FUZZ_CHECK(tags.count(line.substr(0, space)) == 1);
    std::string_view status = line.substr(space + 1);
    FUZZ_CHECK(starts_with(status, "OK") || starts_with(status, "NO") || starts_with(status, "BAD"));
    ++tagged;
  }
  if (!complete) return;
  FUZZ_CHECK(tagged <= lines_sent);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carteiro::fuzz::SessionWorld;
  std::vector<std::string> lines;
  std::string bytes = carteiro::fuzz::client_bytes(carteiro::fuzz::as_text(data, size), lines);
  // Every word that starts a line may be a tag (literal data lines add harmless extras),
  // and so may its longest prefix of tag characters: the server answers "a\"b ..." as "a".
  std::set<std::string, std::less<>> tags;
  for (const auto& line : lines) {
    tags.insert(line.substr(0, line.find(' ')));
    tags.insert(line.substr(0, tag_length(line)));
  }

  auto& world = SessionWorld::get();
  world.reset_mail();
  std::string out = world.converse(SessionWorld::Protocol::imap, bytes);
  check_replies(out, tags, lines.size(), out.size() < carteiro::fuzz::kMaxServerBytes);
  return 0;
}
