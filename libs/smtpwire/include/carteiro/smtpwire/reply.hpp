#pragma once
// SMTP replies (RFC 5321 section 4.2) with enhanced status codes (RFC 3463, RFC 2034): the
// one grammar the server writes and the outbound client reads. Pure: no I/O.
//   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
//   Reply-code = %x32-35 %x30-35 %x30-39
// Two shapes of one reply: FixedReply, a reply known when the program is written (the
// server's named replies, replies.hpp), and Reply, one as received, with all its lines.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::smtpwire {

namespace detail {
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
// 1*3DIGIT at the start of TEXT; returns how many (0 if none or more than 3).
constexpr std::size_t one_to_three_digits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n])) ++n;
  return n >= 1 && n <= 3 ? n : 0;
}
}  // namespace detail

// RFC 3463 section 2: status-code = class "." subject "." detail, class one of 2, 4, 5,
// subject and detail 1 to 3 digits. Returns the length of the code at the start of TEXT
// (followed by a space or the end), or 0 when TEXT does not start with one.
constexpr std::size_t enhanced_code_length(std::string_view text) {
  if (text.size() < 5) return 0;
  if (text[0] != '2' && text[0] != '4' && text[0] != '5') return 0;
  if (text[1] != '.') return 0;
  auto subject = detail::one_to_three_digits(text.substr(2));
  if (subject == 0) return 0;
  auto pos = 2 + subject;
  if (pos >= text.size() || text[pos] != '.') return 0;
  auto detail = detail::one_to_three_digits(text.substr(pos + 1));
  if (detail == 0) return 0;
  pos += 1 + detail;
  if (pos < text.size() && text[pos] != ' ') return 0;
  return pos;
}

// RFC 5321 section 4.2.1: the first digit says how it went (2 done, 3 go on, 4 try again
// later, 5 do not try again).
constexpr int reply_class(int code) { return code / 100; }

// A reply the server sends, named where it is defined: code, enhanced status code ("" where
// RFC 2034 section 3 omits it: 220, HELO/EHLO and 3xx) and the default text for a human at
// a telnet prompt. Its constructor runs at compile time and refuses a code outside the
// grammar above or a status that is malformed or of another class than the code.
struct FixedReply {
  int code;
  std::string_view status;
  std::string_view text;

  consteval FixedReply(int reply_code, std::string_view enhanced_status, std::string_view default_text)
      : code(reply_code), status(enhanced_status), text(default_text) {
    bool code_ok = code >= 200 && code <= 559 && code % 100 <= 59;
    bool status_ok = status.empty() ||
                     (enhanced_code_length(status) == status.size() && status[0] - '0' == reply_class(code));
    if (!code_ok || !status_ok) throw "not an SMTP reply code with a matching enhanced status code";
  }
};

// A reply as received: every line's text after "NNN-" / "NNN " and the enhanced code.
struct Reply {
  int code = 0;                    // 200..599
  std::string enhanced;            // "5.1.1", or "" when the server sent none
  std::vector<std::string> lines;

  int kind() const { return reply_class(code); }
  bool positive() const { return kind() == 2; }
  bool intermediate() const { return kind() == 3; }
  bool transient() const { return kind() == 4; }
  bool permanent() const { return kind() == 5; }
  // One line for logs, queue_recipients.last_reply and DSN Diagnostic-Code:
  // "550 5.1.1 <bob@x>: no such user" (the lines joined by spaces, control bytes shown as \xNN).
  std::string text() const;
  // The enhanced code, or one derived from the basic code ("5.0.0", "4.0.0", "2.0.0").
  std::string status() const;
};

// One line: "250 2.1.0 Ok\r\n"; TEXT replaces the default text when not empty.
std::string render(const FixedReply& reply, std::string_view text = {});
// A multi-line reply (RFC 5321 section 4.2.1): "250-first\r\n" ... "250 last\r\n". Each line
// carries the enhanced status code when the reply has one.
std::string render_lines(const FixedReply& reply, const std::vector<std::string>& lines);

}  // namespace carteiro::smtpwire
