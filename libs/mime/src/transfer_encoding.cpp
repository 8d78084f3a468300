// Content-Transfer-Encoding decoders (RFC 2045 section 6).
#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"

namespace carteiro::mime {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;  // lower case is tolerated (section 6.7 (1))
  return -1;
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// One line of quoted-printable without its line break; returns whether it ended in a soft
// line break ("=" as the last character once trailing blanks are removed, rule (3) and (5)).
bool decode_qp_line(std::string_view line, std::string& out) {
  while (!line.empty() && (is_blank(line.back()) || line.back() == '\r')) line.remove_suffix(1);
  bool soft = !line.empty() && line.back() == '=';
  if (soft) line.remove_suffix(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '=') {
      int hi = i + 1 < line.size() ? hex_value(line[i + 1]) : -1;
      int lo = i + 2 < line.size() ? hex_value(line[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += c;  // a malformed escape is kept as written (section 6.7, note (2))
  }
  return soft;
}

}  // namespace

std::string decode_base64_lenient(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  unsigned bits = 0;
  int nbits = 0;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '=') {  // padding ends the quantum; a following block starts afresh
      bits = 0;
      nbits = 0;
      continue;
    }
    int v = base64_value(c);
    if (v < 0) continue;
    bits = (bits << 6) | static_cast<unsigned>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((bits >> nbits) & 0xFF);
      bits &= (1u << nbits) - 1;
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    bool soft = decode_qp_line(line, out);
    if (nl != std::string_view::npos && !soft) {
      if (!line.empty() && line.back() == '\r') out += '\r';
      out += '\n';
    }
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return out;
}

std::string decode_transfer(std::string_view body, std::string_view encoding) {
  encoding = trim(encoding);
  if (iequals(encoding, "base64")) return decode_base64_lenient(body);
  if (iequals(encoding, "quoted-printable")) return decode_quoted_printable(body);
  return std::string(body);
}

}  // namespace carteiro::mime
