// net::LineBuffer (line_buffer.hpp) fed in arbitrary chunks, with next_line(), take(),
// take_some() and clear() interleaved, against a plain model of what it must hand out:
// the same lines and bytes whatever the chunking, lines never over the limit, and nothing
// kept past the limit while an overlong line is being skipped (bounded memory).
//
// Input: 2 bytes line limit, 2 bytes choosing the sequence of operations, then the stream.
#include <cstdint>
#include <optional>
#include <string>

#include "carteiro/net/line_buffer.hpp"
#include "fuzz_support.hpp"

namespace {

using carteiro::net::Line;

// The buffer's contract written the obvious way: everything pending in one string.
class Model {
 public:
  void feed(std::string_view bytes) { pending_.append(bytes); }

  std::optional<Line> next_line(std::size_t max_line) {
    for (;;) {
      auto lf = pending_.find('\n');
      if (lf == std::string::npos) {
        if (skipping_) {
          pending_.clear();
        } else if (pending_.size() > max_line + 1) {  // cannot be a line of MAX_LINE + CR any more
          Line line;
          line.text = pending_.substr(0, max_line);
          line.too_long = true;
          line.crlf = false;
          pending_.clear();
          skipping_ = true;
          return line;
        }
        return std::nullopt;
      }
      std::string text = pending_.substr(0, lf);
      pending_.erase(0, lf + 1);
      if (skipping_) {
        skipping_ = false;
        continue;
      }
      Line line;
      line.crlf = !text.empty() && text.back() == '\r';
      if (line.crlf) text.pop_back();
      if (text.size() > max_line) {
        text.resize(max_line);
        line.too_long = true;
      }
      line.bare_cr = text.find('\r') != std::string::npos;
      line.has_nul = text.find('\0') != std::string::npos;
      line.text = std::move(text);
      return line;
    }
  }

  std::optional<std::string> take(std::size_t n) {
    if (pending_.size() < n) return std::nullopt;
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
  }
  std::string take_some(std::size_t n) { return *take(std::min(n, pending_.size())); }
  void clear() {
    pending_.clear();
    skipping_ = false;
  }
  std::size_t buffered() const { return pending_.size(); }

 private:
  std::string pending_;
  bool skipping_ = false;
};

void check_same(const std::optional<Line>& got, const std::optional<Line>& want, std::size_t max_line) {
  FUZZ_CHECK(got.has_value() == want.has_value());
  if (!got) return;
  FUZZ_CHECK(got->text.size() <= max_line);
  FUZZ_CHECK(got->text == want->text);
  FUZZ_CHECK(got->crlf == want->crlf);
  FUZZ_CHECK(got->bare_cr == want->bare_cr);
  FUZZ_CHECK(got->has_nul == want->has_nul);
  FUZZ_CHECK(got->too_long == want->too_long);
}

// Reads lines until none is complete; then at most a line's worth may be kept.
void drain(carteiro::net::LineBuffer& buffer, Model& model, std::size_t max_line) {
  for (;;) {
    auto got = buffer.next_line(max_line);
    check_same(got, model.next_line(max_line), max_line);
    FUZZ_CHECK(buffer.buffered() == model.buffered());
    if (!got) break;
  }
  FUZZ_CHECK(buffer.buffered() <= max_line + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  const std::size_t max_line = input.in_range(0, 1100);
  std::uint32_t choices = static_cast<std::uint32_t>(input.byte()) << 8 | input.byte();
  std::string_view stream = input.rest();
  // The operations come from a small generator seeded by the input's choice bytes, so that
  // a mutation of the stream does not change how it is cut.
  auto choose = [&choices](std::uint32_t n) {
    choices = choices * 1103515245u + 12345u;
    return (choices >> 16) % n;
  };

  carteiro::net::LineBuffer buffer;
  Model model;
  while (!stream.empty()) {
    switch (choose(16)) {
      case 0: {  // an IMAP literal or a BDAT chunk
        std::size_t n = choose(300);
        auto got = buffer.take(n);
        auto want = model.take(n);
        FUZZ_CHECK(got == want);
        break;
      }
      case 1: {  // a large literal streamed
        std::size_t n = choose(300);
        std::string got = "prefix";
        std::size_t k = buffer.take_some(got, n);
        std::string want = model.take_some(n);
        FUZZ_CHECK(k == want.size() && got == "prefix" + want);
        break;
      }
      case 2:
        if (choose(8) == 0) {  // STARTTLS
          buffer.clear();
          model.clear();
        }
        break;
      default: {
        std::size_t n = std::min<std::size_t>(stream.size(), choose(4) == 0 ? choose(2000) : choose(40));
        buffer.feed(stream.substr(0, n));
        model.feed(stream.substr(0, n));
        stream.remove_prefix(n);
        if (choose(3) != 0) drain(buffer, model, max_line);
        break;
      }
    }
    FUZZ_CHECK(buffer.buffered() == model.buffered());
  }
  drain(buffer, model, max_line);
  return 0;
}
