#pragma once
// Splits received bytes into lines with a size limit. No I/O: fed bytes, it hands out
// lines, so it is tested with wire strings. Accepts CRLF and a bare LF (telnet users);
// tells which one ended the line, since SMTP DATA must reject a bare LF (RFC 5321
// section 2.3.8; the 2023 SMTP smuggling defence).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::net {

struct Line {
  std::string text;        // without the line ending
  bool crlf = true;        // ended in CRLF (false: a bare LF)
  bool bare_cr = false;    // a CR not followed by LF appeared inside the text
  bool has_nul = false;    // a NUL byte appeared inside the text
  bool too_long = false;   // longer than the limit: text holds only the first part
};

class LineBuffer {
 public:
  // Appends received bytes.
  void feed(std::string_view bytes);
  // The next complete line, or nullopt if more bytes are needed. A line over MAX_LINE
  // octets (text without the ending) is returned with too_long set, and its rest is
  // skipped up to the next LF without being kept in memory.
  std::optional<Line> next_line(std::size_t max_line);
  // Exactly N bytes (an IMAP literal, a BDAT chunk), or nullopt until that many are here.
  std::optional<std::string> take(std::size_t n);
  // Moves up to N buffered bytes into OUT (streaming large literals); returns how many.
  std::size_t take_some(std::string& out, std::size_t n);
  std::size_t buffered() const { return data_.size() - start_; }
  // A line has begun and not ended: bytes wait for their LF, or an overlong line's rest
  // is being skipped.
  bool in_line() const { return buffered() > 0 || skipping_; }
  // Forgets everything buffered (at STARTTLS: no command injection across the upgrade,
  // RFC 3207 section 4.2 and CVE-2011-0411).
  void clear();

 private:
  void compact();
  std::string data_;
  std::size_t start_ = 0;
  std::size_t scanned_ = 0;   // bytes after start_ known to hold no LF
  bool skipping_ = false;     // discarding the rest of an overlong line
};

}  // namespace carteiro::net
