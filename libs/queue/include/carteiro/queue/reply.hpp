#pragma once
// SMTP replies as the outbound client reads them (RFC 5321 section 4.2), with the enhanced
// status code of RFC 3463 / RFC 2034 when the server gives one. No I/O: the client feeds
// the parser one received line at a time, so it is tested with wire strings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::queue {

struct Reply {
  int code = 0;                    // 200..599
  std::string enhanced;            // "5.1.1", or "" when the server sent none
  std::vector<std::string> lines;  // the text of every line after "NNN-" / "NNN " and the enhanced code

  int kind() const { return code / 100; }
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

// Bounds on what a server may send us in one reply (RFC 5321 section 4.5.3.1.5 allows
// 512 octets per reply line; we accept more, but not without limit).
inline constexpr std::size_t kMaxReplyLine = 2048;
inline constexpr std::size_t kMaxReplyLines = 200;

class ReplyParser {
 public:
  enum class Status {
    need_more,  // a continuation line ("250-..."): feed the next line
    complete,   // the last line ("250 ..."): take() the reply
    malformed,  // error() says why; the connection should be given up
  };

  // LINE is one received line without its CRLF.
  Status feed(std::string_view line);
  // The completed reply; the parser is ready for the next one.
  Reply take();
  const std::string& error() const { return error_; }

 private:
  Status fail(std::string why);
  Reply current_;
  std::string error_;
};

// RFC 3463 section 2: status-code = class "." subject "." detail, class one of 2, 4, 5,
// subject and detail 1 to 3 digits. Returns the length of the code at the start of TEXT
// (followed by a space or the end), or 0 when TEXT does not start with one.
std::size_t enhanced_code_length(std::string_view text);

}  // namespace carteiro::queue
