#include "carteiro/queue/reply.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// 1*3DIGIT at the start of TEXT; returns how many (0 if none or more than 3).
std::size_t one_to_three_digits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && digit(text[n])) ++n;
  return n >= 1 && n <= 3 ? n : 0;
}

// RFC 5321 section 4.2: Reply-code = %x32-35 %x30-35 %x30-39. We accept any second digit
// (servers in the wild send 2x9 and the like) but insist on three digits and a known class.
int reply_code(std::string_view line) {
  if (line.size() < 3 || !digit(line[0]) || !digit(line[1]) || !digit(line[2])) return 0;
  if (line[0] < '2' || line[0] > '5') return 0;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

}  // namespace

std::size_t enhanced_code_length(std::string_view text) {
  if (text.size() < 5) return 0;
  if (text[0] != '2' && text[0] != '4' && text[0] != '5') return 0;
  if (text[1] != '.') return 0;
  auto subject = one_to_three_digits(text.substr(2));
  if (subject == 0) return 0;
  auto pos = 2 + subject;
  if (pos >= text.size() || text[pos] != '.') return 0;
  auto detail = one_to_three_digits(text.substr(pos + 1));
  if (detail == 0) return 0;
  pos += 1 + detail;
  if (pos < text.size() && text[pos] != ' ') return 0;
  return pos;
}

std::string Reply::text() const {
  std::string out = std::to_string(code);
  if (!enhanced.empty()) out += " " + enhanced;
  for (const auto& line : lines) {
    auto shown = trim(line);
    if (shown.empty()) continue;
    out += ' ';
    out += printable(shown);
  }
  return out;
}

std::string Reply::status() const {
  if (!enhanced.empty()) return enhanced;
  return std::to_string(kind()) + ".0.0";
}

ReplyParser::Status ReplyParser::fail(std::string why) {
  error_ = std::move(why);
  current_ = Reply{};
  return Status::malformed;
}

// RFC 5321 section 4.2:
//   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
//   textstring = 1*(%d09 / %d32-126)
// Every line of one reply carries the same code (section 4.2.1 says a client may not rely
// on that, but a reply whose lines disagree is broken and we give up the connection).
ReplyParser::Status ReplyParser::feed(std::string_view line) {
  if (line.size() > kMaxReplyLine) return fail("reply line too long");
  if (line.find('\0') != std::string_view::npos) return fail("NUL byte in reply");
  int code = reply_code(line);
  if (code == 0) return fail("reply does not start with a three-digit code: " + printable(line.substr(0, 40)));
  if (!current_.lines.empty() && code != current_.code) return fail("reply lines carry different codes");
  if (current_.lines.size() >= kMaxReplyLines) return fail("reply has too many lines");
  bool last = true;
  if (line.size() > 3) {
    if (line[3] == '-') last = false;
    else if (line[3] != ' ') return fail("reply code not followed by space or hyphen: " + printable(line.substr(0, 40)));
  }
  std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
  if (current_.lines.empty()) {
    current_.code = code;
    // RFC 2034 section 3: the enhanced code's class matches the reply's first digit.
    auto n = enhanced_code_length(text);
    if (n > 0 && text[0] == line[0]) current_.enhanced = std::string(text.substr(0, n));
  }
  if (!current_.enhanced.empty() && text.substr(0, current_.enhanced.size()) == current_.enhanced) {
    text.remove_prefix(current_.enhanced.size());
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  current_.lines.emplace_back(text);
  return last ? Status::complete : Status::need_more;
}

Reply ReplyParser::take() {
  Reply out = std::move(current_);
  current_ = Reply{};
  return out;
}

}  // namespace carteiro::queue
