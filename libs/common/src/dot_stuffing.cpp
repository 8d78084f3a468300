#include "carteiro/common/dot_stuffing.hpp"

namespace carteiro {

void DotStuffer::write(std::string_view piece, std::string& out) {
  out.reserve(out.size() + piece.size() + piece.size() / 32 + 8);
  for (char c : piece) {
    const bool after_cr = after_cr_;
    after_cr_ = c == '\r';
    if (c == '\n') {
      // The LF of a CRLF: with BareCr::ends_line the CR already wrote the whole line end.
      if (!after_cr) out += "\r\n";
      else if (bare_cr_ == BareCr::kept) out += '\n';
      at_line_start_ = true;
      continue;
    }
    if (c == '\r' && bare_cr_ == BareCr::ends_line) {
      out += "\r\n";
      at_line_start_ = true;
      continue;
    }
    if (at_line_start_ && c == '.') out += '.';
    out += c;
    at_line_start_ = false;
  }
}

void DotStuffer::finish(std::string& out) {
  if (!at_line_start_) out += "\r\n";
  out += ".\r\n";
  at_line_start_ = true;
  after_cr_ = false;
}

}  // namespace carteiro
