#pragma once
// What every fuzz target shares: a check that stops the run (so libFuzzer and the replay
// driver both report it as a crash, with the input saved), and a reader that splits one
// fuzz input into the choices a target makes (chunk sizes, limits) and the bytes it parses.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Fails the run when an invariant of the code under test does not hold.
#define FUZZ_CHECK(condition)                                                          \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

namespace carteiro::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Takes choices from the front of the input; once it is used up every choice is 0, so any
// input is valid. A target takes its few choices first and parses what remains.
class InputReader {
 public:
  explicit InputReader(std::string_view input) : rest_(input) {}

  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  // A number in [low, high], from one or two bytes.
  std::size_t in_range(std::size_t low, std::size_t high) {
    std::size_t span = high - low + 1;
    std::size_t raw = byte();
    if (span > 256) raw = raw << 8 | byte();
    return low + raw % span;
  }
  bool flag() { return byte() & 1; }
  // Up to N bytes.
  std::string_view take(std::size_t n) {
    auto out = rest_.substr(0, n);
    rest_.remove_prefix(out.size());
    return out;
  }
  // The bytes up to the next LF (without it, and without a CR before it).
  std::string_view line() {
    auto lf = rest_.find('\n');
    auto out = rest_.substr(0, lf);
    rest_.remove_prefix(lf == std::string_view::npos ? rest_.size() : lf + 1);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    return out;
  }
  std::string_view rest() {
    auto out = rest_;
    rest_ = {};
    return out;
  }
  bool empty() const { return rest_.empty(); }
  std::size_t size() const { return rest_.size(); }

 private:
  std::string_view rest_;
};

}  // namespace carteiro::fuzz
