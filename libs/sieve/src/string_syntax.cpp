#include "string_syntax.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "carteiro/common/strings.hpp"

namespace carteiro::sieve {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// blank = WSP / CRLF
std::size_t skip_blanks(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t') ++i;
    else if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') i += 2;
    else break;
  }
  return i;
}

struct Decoded {
  std::size_t end = 0;  // offset just past "}"
  std::string value;
  std::optional<std::string> error;
};

// hex-pair-seq = *blank hex-pair *(1*blank hex-pair) *blank, hex-pair = 1*2HEXDIG;
// unicode-hex-seq likewise with unicode-hex = 1*HEXDIG. I is just past the colon.
std::optional<Decoded> encoded_sequence(std::string_view s, std::size_t i, bool unicode) {
  Decoded decoded;
  i = skip_blanks(s, i);
  bool any = false;
  while (i < s.size() && hex_value(s[i]) >= 0) {
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (i < s.size() && hex_value(s[i]) >= 0 && (unicode || digits < 2)) {
      if (value <= 0x10FFFF) value = value * 16 + static_cast<std::uint32_t>(hex_value(s[i]));
      ++digits;
      ++i;
    }
    if (unicode) {
      if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        if (!decoded.error)
          decoded.error = fmt::format("encoded character {} is not a Unicode scalar value",
                                      s.substr(i - digits, digits));
      } else {
        append_utf8(decoded.value, value);
      }
    } else {
      decoded.value += static_cast<char>(value);
    }
    any = true;
    std::size_t after = skip_blanks(s, i);
    if (after == i && i < s.size() && s[i] != '}') return std::nullopt;  // "${hex:4142}" etc.
    i = after;
  }
  if (!any || i >= s.size() || s[i] != '}') return std::nullopt;
  decoded.end = i + 1;
  return decoded;
}

}  // namespace

std::optional<std::string> decode_encoded_characters(std::string& text) {
  if (text.find("${") == std::string::npos) return std::nullopt;
  std::string out;
  std::optional<std::string> error;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string_view rest = std::string_view(text).substr(i);
    std::optional<Decoded> decoded;
    if (istarts_with(rest, "${hex:")) decoded = encoded_sequence(text, i + 6, false);
    else if (istarts_with(rest, "${unicode:")) decoded = encoded_sequence(text, i + 10, true);
    if (decoded) {
      if (decoded->error && !error) error = decoded->error;
      out += decoded->value;
      i = decoded->end;
    } else {
      out += text[i++];
    }
  }
  text = std::move(out);
  return error;
}

bool is_variable_name(std::string_view name) {
  if (name.empty() || !(is_alpha(name[0]) || name[0] == '_')) return false;
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

std::optional<VariableReference> next_variable_reference(std::string_view text,
                                                         std::size_t from) {
  for (std::size_t start = text.find("${", from); start != std::string_view::npos;
       start = text.find("${", start + 1)) {
    std::size_t close = text.find('}', start + 2);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view name = text.substr(start + 2, close - start - 2);
    VariableReference ref{start, close + 1, name, false, false};
    if (!name.empty() && std::all_of(name.begin(), name.end(), is_digit)) {
      ref.numbered = true;
      return ref;
    }
    // namespace = identifier "." *(variable-name "."), then an identifier
    auto parts = split(name, '.');
    bool valid = is_variable_name(parts.front()) && is_variable_name(parts.back());
    for (std::size_t k = 1; valid && k + 1 < parts.size(); ++k) {
      valid = is_variable_name(parts[k]) ||
              (!parts[k].empty() && std::all_of(parts[k].begin(), parts[k].end(), is_digit));
    }
    if (!valid) continue;
    ref.namespaced = parts.size() > 1;
    return ref;
  }
  return std::nullopt;
}

}  // namespace carteiro::sieve
