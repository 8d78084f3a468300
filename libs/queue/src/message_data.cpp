#include "carteiro/queue/message_data.hpp"

namespace carteiro::queue {

std::string dot_stuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 8);
  bool line_start = true;
  for (std::size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if (c == '\r' || c == '\n') {
      // CRLF, a bare CR or a bare LF: each is one line ending.
      if (c == '\r' && i + 1 < message.size() && message[i + 1] == '\n') ++i;
      out += "\r\n";
      line_start = true;
      continue;
    }
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = false;
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

bool has_eight_bit(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c > 127) return true;
  return false;
}

}  // namespace carteiro::queue
