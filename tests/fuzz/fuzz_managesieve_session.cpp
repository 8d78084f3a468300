// The ManageSieve session (RFC 5804) driven by the input's lines over a real connection,
// for an account that may log in. Checked on everything the server sends: it is lines
// ending in CRLF, where a line ending in a literal announcement "{N}" goes on after N
// octets; the greeting's status is OK; every status line is OK, NO or BYE; and a line sent
// gets at most one status, plus the BYE that may follow it when the session ends.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "session_harness.hpp"

namespace {

bool is_status(std::string_view line) {
  for (std::string_view kind : {"OK", "NO", "BYE"})
    if (line.substr(0, kind.size()) == kind && (line.size() == kind.size() || line[kind.size()] == ' ')) return true;
  return false;
}

// N when LINE ends in "{N}".
std::optional<std::size_t> literal_size(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  auto open = line.rfind('{');
  if (open == std::string_view::npos || open + 2 >= line.size()) return std::nullopt;
  std::size_t n = 0;
  for (char c : line.substr(open + 1, line.size() - open - 2)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

void check_replies(std::string_view out, std::size_t lines_sent, bool complete) {
  std::size_t statuses = 0, byes = 0;
  std::size_t pos = 0;
  while (pos < out.size()) {
    auto end = out.find("\r\n", pos);
    if (end == std::string_view::npos) {
      FUZZ_CHECK(!complete);
      return;
    }
    std::string_view line = out.substr(pos, end - pos);
    pos = end + 2;
    while (auto n = literal_size(line)) {  // the octets, then the rest of the line
      if (pos + *n > out.size()) {
        FUZZ_CHECK(!complete);
        return;
      }
      pos += *n;
      end = out.find("\r\n", pos);
      if (end == std::string_view::npos) {
        FUZZ_CHECK(!complete);
        return;
      }
      line = out.substr(pos, end - pos);
      pos = end + 2;
    }
    FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
    if (!is_status(line)) continue;
    if (statuses == 0) FUZZ_CHECK(line.substr(0, 2) == "OK");
    ++statuses;
    if (line.substr(0, 3) == "BYE") ++byes;
  }
  if (!complete) return;
  FUZZ_CHECK(byes <= 1);
  FUZZ_CHECK(statuses <= lines_sent + 1 + byes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carteiro::fuzz::SessionWorld;
  std::vector<std::string> lines;
  std::string bytes = carteiro::fuzz::client_bytes(carteiro::fuzz::as_text(data, size), lines);

  auto& world = SessionWorld::get();
  world.reset_mail();
  std::string out = world.converse(SessionWorld::Protocol::managesieve, bytes);
  check_replies(out, lines.size(), out.size() < carteiro::fuzz::kMaxServerBytes);
  return 0;
}
