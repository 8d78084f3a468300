// The POP3 session state machine driven by the input's lines over a real connection, on a
// maildrop of two messages. Checked on everything the server sends: each line ends with
// CRLF and holds no other CR or LF; the greeting is +OK; a status line is +OK, -ERR or a
// SASL challenge "+ " (RFC 1939 section 3, RFC 5034 section 4); other lines come only in
// the multi-line body after a +OK, which a line "." ends (no line of the maildrop's
// messages starts like a status line, so the two cannot be confused); at most one status
// line per line sent, plus the greeting.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "session_harness.hpp"

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

void check_replies(std::string_view out, std::size_t lines_sent, bool complete) {
  std::size_t statuses = 0;
  bool body_allowed = false;  // after a +OK, until its "."
  std::size_t pos = 0;
  while (pos < out.size()) {
    auto end = out.find("\r\n", pos);
    if (end == std::string_view::npos) {
      FUZZ_CHECK(!complete);
      return;
    }
    std::string_view line = out.substr(pos, end - pos);
    pos = end + 2;
    FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
    bool ok = line == "+OK" || starts_with(line, "+OK ");
    bool err = line == "-ERR" || starts_with(line, "-ERR ");
    bool challenge = line == "+" || starts_with(line, "+ ");
    if (statuses == 0) FUZZ_CHECK(ok);
    if (ok || err || challenge) {
      ++statuses;
      body_allowed = ok;
    } else {
      FUZZ_CHECK(body_allowed);
      if (line == ".") body_allowed = false;
    }
  }
  if (!complete) return;
  FUZZ_CHECK(statuses <= lines_sent + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carteiro::fuzz::SessionWorld;
  std::vector<std::string> lines;
  std::string bytes = carteiro::fuzz::client_bytes(carteiro::fuzz::as_text(data, size), lines);

  auto& world = SessionWorld::get();
  world.reset_mail();
  std::string out = world.converse(SessionWorld::Protocol::pop3, bytes);
  check_replies(out, lines.size(), out.size() < carteiro::fuzz::kMaxServerBytes);
  return 0;
}
