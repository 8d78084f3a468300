#include "carteiro/delivery/mailbox_name.hpp"

#include <cstdint>
#include <vector>

#include "carteiro/common/strings.hpp"

namespace carteiro::delivery {

namespace {

// RFC 3501 section 5.1.3: base64 with ',' for '/', no padding.
constexpr char kModifiedBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

// One code point from UTF-8 at POS (advanced past it); nullopt when malformed.
std::optional<std::uint32_t> next_code_point(std::string_view s, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char first = byte(pos);
  int extra = first < 0x80 ? 0 : (first >> 5) == 0x6 ? 1 : (first >> 4) == 0xE ? 2 : (first >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || pos + static_cast<std::size_t>(extra) >= s.size()) return std::nullopt;
  std::uint32_t cp = extra == 0 ? first : first & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += extra + 1;
  return cp;
}

void append_utf16_run(std::string& out, const std::vector<std::uint16_t>& units) {
  std::string bytes;
  for (auto u : units) {
    bytes += static_cast<char>(u >> 8);
    bytes += static_cast<char>(u & 0xFF);
  }
  out += '&';
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char b : bytes) {
    bits = (bits << 8) | b;
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += kModifiedBase64[(bits >> count) & 0x3F];
    }
  }
  if (count > 0) out += kModifiedBase64[(bits << (6 - count)) & 0x3F];
  out += '-';
}

}  // namespace

std::optional<std::string> stored_mailbox_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/' || name.find("//") != std::string_view::npos)
    return std::nullopt;
  if (iequals(name, "INBOX")) return std::string("INBOX");
  std::string out;
  std::vector<std::uint16_t> run;  // non-ASCII characters waiting to be encoded
  std::size_t pos = 0;
  while (pos < name.size()) {
    auto cp = next_code_point(name, pos);
    if (!cp || *cp < 0x20 || *cp == 0x7F) return std::nullopt;
    if (*cp >= 0x80) {
      if (*cp >= 0x10000) {
        run.push_back(static_cast<std::uint16_t>(0xD800 + ((*cp - 0x10000) >> 10)));
        run.push_back(static_cast<std::uint16_t>(0xDC00 + ((*cp - 0x10000) & 0x3FF)));
      } else {
        run.push_back(static_cast<std::uint16_t>(*cp));
      }
      continue;
    }
    if (!run.empty()) {
      append_utf16_run(out, run);
      run.clear();
    }
    out += *cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(*cp));
  }
  if (!run.empty()) append_utf16_run(out, run);
  if (out.size() > kMaxMailboxName) return std::nullopt;
  return out;
}

}  // namespace carteiro::delivery
