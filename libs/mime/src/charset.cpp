// The few single-byte charsets worth converting ourselves (they cover most Western mail);
// everything else is passed through unchanged, which keeps ASCII text searchable.
#include <cstdint>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"

namespace carteiro::mime {

namespace {

enum class Charset { passthrough, latin1, latin9, windows1252 };

Charset charset_of(std::string_view name) {
  std::string n = to_lower(trim(name));
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "iso_8859-1" || n == "latin1" ||
      n == "latin-1" || n == "l1" || n == "iso-ir-100" || n == "cp819")
    return Charset::latin1;
  if (n == "iso-8859-15" || n == "iso8859-15" || n == "iso_8859-15" || n == "latin9" ||
      n == "latin-9")
    return Charset::latin9;
  if (n == "windows-1252" || n == "cp1252" || n == "win-1252" || n == "x-cp1252")
    return Charset::windows1252;
  return Charset::passthrough;  // utf-8, us-ascii and the charsets we do not know
}

// windows-1252 0x80-0x9F (the code page's published mapping); unassigned bytes keep their
// C1 code point as the WHATWG decoder does.
constexpr std::uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// ISO-8859-15 differs from ISO-8859-1 in eight positions.
std::uint32_t latin9_code_point(unsigned char c) {
  switch (c) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return c;
  }
}


}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  Charset cs = charset_of(charset);
  if (cs == Charset::passthrough) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else if (cs == Charset::windows1252 && c < 0xA0) {
      append_utf8(out, kWindows1252High[c - 0x80]);
    } else if (cs == Charset::latin9) {
      append_utf8(out, latin9_code_point(c));
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace carteiro::mime
