#include "carteiro/net/line_buffer.hpp"

namespace carteiro::net {

void LineBuffer::feed(std::string_view bytes) {
  compact();
  data_.append(bytes);
}

void LineBuffer::compact() {
  // Drop consumed bytes once they are the larger part, so the buffer stays bounded.
  if (start_ > 0 && start_ >= data_.size() / 2) {
    data_.erase(0, start_);
    start_ = 0;
  }
}

std::optional<Line> LineBuffer::next_line(std::size_t max_line) {
  for (;;) {
    std::size_t from = start_ + scanned_;
    std::size_t lf = data_.find('\n', from);
    if (lf == std::string::npos) {
      scanned_ = data_.size() - start_;
      // An overlong line: keep its first part for the reply, discard the rest as it comes.
      if (!skipping_ && scanned_ > max_line + 1) {
        Line line;
        line.text.assign(data_, start_, max_line);
        line.too_long = true;
        line.crlf = false;
        data_.erase(start_);
        scanned_ = 0;
        skipping_ = true;
        return line;
      }
      if (skipping_) {
        data_.erase(start_);
        scanned_ = 0;
      }
      return std::nullopt;
    }
    std::size_t end = lf;
    bool crlf = end > start_ && data_[end - 1] == '\r';
    if (crlf) --end;
    std::string_view text(data_.data() + start_, end - start_);
    std::size_t next = lf + 1;
    if (skipping_) {  // the tail of a line already reported as too long
      skipping_ = false;
      start_ = next;
      scanned_ = 0;
      continue;
    }
    Line line;
    line.crlf = crlf;
    if (text.size() > max_line) {
      line.too_long = true;
      text = text.substr(0, max_line);
    }
    line.text.assign(text);
    line.bare_cr = line.text.find('\r') != std::string::npos;
    line.has_nul = line.text.find('\0') != std::string::npos;
    start_ = next;
    scanned_ = 0;
    return line;
  }
}

std::optional<std::string> LineBuffer::take(std::size_t n) {
  if (buffered() < n) return std::nullopt;
  std::string out = data_.substr(start_, n);
  start_ += n;
  scanned_ = 0;
  return out;
}

std::size_t LineBuffer::take_some(std::string& out, std::size_t n) {
  std::size_t k = std::min(n, buffered());
  out.append(data_, start_, k);
  start_ += k;
  scanned_ = 0;
  return k;
}

void LineBuffer::clear() {
  data_.clear();
  start_ = 0;
  scanned_ = 0;
  skipping_ = false;
}

}  // namespace carteiro::net
