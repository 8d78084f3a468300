#include "carteiro/pop3/wire.hpp"

namespace carteiro::pop3 {

std::int64_t wire_size(std::string_view content) {
  WireSizeCounter counter;
  counter.add(content);
  return counter.total();
}

void WireSizeCounter::add(std::string_view piece) {
  octets_ += static_cast<std::int64_t>(piece.size());
  for (char c : piece) {
    if (c == '\n' && previous_ != '\r') ++octets_;  // bare LF sent as CRLF
    previous_ = c;
  }
}

std::int64_t WireSizeCounter::total() const {
  // The last line is ended for the terminator.
  bool unterminated = octets_ > 0 && previous_ != '\n';
  return octets_ + (unterminated ? 2 : 0);
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
