#include "carteiro/delivery/message_id.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>

namespace carteiro::delivery {

namespace {

// Crockford's base32 alphabet: no I, L, O or U, so an id read aloud is not misheard.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void append_base32(std::string& out, std::uint64_t value, int digits) {
  for (int i = digits - 1; i >= 0; --i) out += kAlphabet[(value >> (5 * i)) & 31];
}

}  // namespace

// Microseconds since the epoch (10 digits: 50 bits, good for 35 years), a per-process
// counter (3 digits) and a random part (3 digits) that keeps two processes apart.
std::string make_message_id() {
  static std::atomic<std::uint64_t> counter{0};
  static const std::uint64_t process_salt = std::random_device{}();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  std::string out;
  out.reserve(16);
  append_base32(out, static_cast<std::uint64_t>(micros), 10);
  append_base32(out, counter.fetch_add(1, std::memory_order_relaxed), 3);
  append_base32(out, process_salt, 3);
  return out;
}

}  // namespace carteiro::delivery
