// The SMTP session state machine (MX or submission, chosen by the first byte) driven by
// the input's lines over a real connection. Checked on everything the server sends: each
// line ends with CRLF and holds no other CR or LF, is a three-digit code from 2xx to 5xx
// followed by a space (last line of a reply) or a hyphen (more to come, with the same
// code: RFC 5321 section 4.2.1), and is at most 512 octets (section 4.5.3.1.5); the
// greeting is 220; there is at most one reply per line sent, plus the greeting and a
// closing 421.
//
// Input: one byte (odd: submission, even: MX; the seeds use "!" and " "), then the lines.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "session_harness.hpp"

namespace {

constexpr std::size_t kMaxReplyLine = 512;  // RFC 5321 section 4.5.3.1.5, with the CRLF

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void check_replies(std::string_view out, std::size_t lines_sent, bool complete) {
  std::size_t replies = 0;
  std::string_view continued;  // the code of a reply whose last line has not come yet
  std::size_t pos = 0;
  while (pos < out.size()) {
    auto end = out.find("\r\n", pos);
    if (end == std::string_view::npos) {
      FUZZ_CHECK(!complete);  // a reply line without its CRLF
      return;
    }
    std::string_view line = out.substr(pos, end - pos);
    pos = end + 2;
    FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos);
    FUZZ_CHECK(line.size() + 2 <= kMaxReplyLine);
    FUZZ_CHECK(line.size() >= 3 && line[0] >= '2' && line[0] <= '5' && is_digit(line[1]) && is_digit(line[2]));
    FUZZ_CHECK(line.size() == 3 || line[3] == ' ' || line[3] == '-');
    std::string_view code = line.substr(0, 3);
    if (replies == 0 && continued.empty()) FUZZ_CHECK(code == "220");
    if (!continued.empty()) FUZZ_CHECK(code == continued);
    if (line.size() > 3 && line[3] == '-') {
      continued = code;
    } else {
      continued = {};
      ++replies;
    }
  }
  if (!complete) return;
  FUZZ_CHECK(continued.empty());
  FUZZ_CHECK(replies <= lines_sent + 2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carteiro::fuzz::SessionWorld;
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  auto protocol = input.flag() ? SessionWorld::Protocol::smtp_submission : SessionWorld::Protocol::smtp_mx;
  std::vector<std::string> lines;
  std::string bytes = carteiro::fuzz::client_bytes(input.rest(), lines);

  auto& world = SessionWorld::get();
  world.reset_mail();
  std::string out = world.converse(protocol, bytes);
  check_replies(out, lines.size(), out.size() < carteiro::fuzz::kMaxServerBytes);
  return 0;
}
