#include "carteiro/smtpwire/reply_parser.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro::smtpwire {

namespace {

// RFC 5321 section 4.2: Reply-code = %x32-35 %x30-35 %x30-39. We accept any second digit
// (servers in the wild send 2x9 and the like) but insist on three digits and a known class.
int reply_code(std::string_view line) {
  using detail::is_digit;
  if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2])) return 0;
  if (line[0] < '2' || line[0] > '5') return 0;
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

}  // namespace

ReplyParser::Status ReplyParser::fail(std::string why) {
  error_ = std::move(why);
  current_ = Reply{};
  return Status::malformed;
}

// Every line of one reply carries the same code (RFC 5321 section 4.2.1 says a client may
// not rely on that, but a reply whose lines disagree is broken and we give up the
// connection). textstring = 1*(%d09 / %d32-126).
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

}  // namespace carteiro::smtpwire
