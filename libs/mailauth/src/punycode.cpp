// Punycode decoding (RFC 3492 section 6.2), with the overflow checks of section 6.4.
#include "carteiro/mailauth/punycode.hpp"

#include <cstdint>
#include <vector>

#include "carteiro/common/strings.hpp"

namespace carteiro::mailauth {

namespace {

// Section 5: the parameter values for IDNA.
constexpr std::uint32_t kBase = 36;
constexpr std::uint32_t kTmin = 1;
constexpr std::uint32_t kTmax = 26;
constexpr std::uint32_t kSkew = 38;
constexpr std::uint32_t kDamp = 700;
constexpr std::uint32_t kInitialBias = 72;
constexpr std::uint32_t kInitialN = 0x80;
constexpr std::uint32_t kMaxInt = 0x7fffffff;
constexpr std::uint32_t kMaxCodePoint = 0x10ffff;
// A DNS label is at most 63 octets, so at most that many code points come out of one.
constexpr std::size_t kMaxCodePoints = 63;

// Section 6.1.
std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

std::optional<std::uint32_t> digit_value(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0' + 26);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> punycode_decode(std::string_view encoded) {
  std::vector<char32_t> output;
  std::size_t last_delimiter = encoded.rfind('-');
  std::size_t in = 0;
  if (last_delimiter != std::string_view::npos) {
    for (std::size_t j = 0; j < last_delimiter; ++j) {
      auto c = static_cast<unsigned char>(encoded[j]);
      if (c >= 0x80) return std::nullopt;
      output.push_back(c);
    }
    in = last_delimiter + 1;
  }
  std::uint32_t n = kInitialN;
  std::uint32_t i = 0;
  std::uint32_t bias = kInitialBias;
  while (in < encoded.size()) {
    std::uint32_t old_i = i;
    std::uint32_t w = 1;
    for (std::uint32_t k = kBase;; k += kBase) {
      if (in >= encoded.size()) return std::nullopt;
      auto digit = digit_value(encoded[in++]);
      if (!digit || *digit > (kMaxInt - i) / w) return std::nullopt;
      i += *digit * w;
      std::uint32_t t = k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
      if (*digit < t) break;
      if (w > kMaxInt / (kBase - t)) return std::nullopt;
      w *= kBase - t;
    }
    auto points = static_cast<std::uint32_t>(output.size() + 1);
    bias = adapt(i - old_i, points, old_i == 0);
    if (i / points > kMaxInt - n) return std::nullopt;
    n += i / points;
    i %= points;
    if (n > kMaxCodePoint || (n >= 0xd800 && n <= 0xdfff) || output.size() >= kMaxCodePoints) return std::nullopt;
    output.insert(output.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  std::string utf8;
  for (char32_t c : output) append_utf8(utf8, c);
  return utf8;
}

std::string label_to_unicode(std::string_view label) {
  if (label.size() > 4 && istarts_with(label, "xn--")) {
    auto decoded = punycode_decode(label.substr(4));
    if (decoded && !decoded->empty()) return *decoded;
  }
  return std::string(label);
}

}  // namespace carteiro::mailauth
