#include "carteiro/pop3/wire.hpp"

namespace carteiro::pop3 {

std::int64_t wire_size(std::string_view content) {
  std::int64_t size = static_cast<std::int64_t>(content.size());
  char previous = '\0';
  for (char c : content) {
    if (c == '\n' && previous != '\r') ++size;  // bare LF sent as CRLF
    previous = c;
  }
  if (!content.empty() && content.back() != '\n') size += 2;  // last line ended for the terminator
  return size;
}

std::size_t top_length(std::string_view content, std::uint32_t body_lines) {
  TopCutter cutter(body_lines);
  return cutter.take(content);
}

std::size_t TopCutter::take(std::string_view piece) {
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if (done()) return i;
    const char c = piece[i];
    if (c != '\n') {
      line_is_cr_ = line_length_ == 0 && c == '\r';
      ++line_length_;
      continue;
    }
    if (in_header_) {
      // The blank line ending the header (RFC 5322 section 2.1) is sent with it.
      if (line_length_ == 0 || line_is_cr_) in_header_ = false;
    } else {
      ++taken_;
    }
    line_length_ = 0;
    line_is_cr_ = false;
  }
  return piece.size();
}

}  // namespace carteiro::pop3
