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

void MultilineWriter::write(std::string_view chunk, std::string& out) {
  out.reserve(out.size() + chunk.size() + chunk.size() / 32 + 8);
  for (char c : chunk) {
    empty_ = false;
    // RFC 1939 section 3: "If any line of the multi-line response begins with the
    // termination octet, the line is byte-stuffed by pre-pending the termination octet".
    if (at_line_start_ && c == '.') out.push_back('.');
    if (c == '\n' && !after_cr_) out.push_back('\r');
    out.push_back(c);
    at_line_start_ = c == '\n';
    after_cr_ = c == '\r';
  }
}

void MultilineWriter::finish(std::string& out) {
  if (!empty_ && !at_line_start_) out += "\r\n";
  out += ".\r\n";
  at_line_start_ = true;
  after_cr_ = false;
  empty_ = true;
}

std::size_t top_length(std::string_view content, std::uint32_t body_lines) {
  std::size_t position = 0;
  bool in_header = true;
  std::uint32_t taken = 0;
  while (position < content.size()) {
    if (!in_header && taken >= body_lines) break;
    auto newline = content.find('\n', position);
    std::size_t end = newline == std::string_view::npos ? content.size() : newline + 1;
    auto line = content.substr(position, end - position);
    position = end;
    if (in_header) {
      // The blank line ending the header (RFC 5322 section 2.1) is sent with it.
      if (line == "\n" || line == "\r\n") in_header = false;
    } else {
      ++taken;
    }
  }
  return position;
}

}  // namespace carteiro::pop3
