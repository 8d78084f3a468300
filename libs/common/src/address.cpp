#include "carteiro/common/address.hpp"

#include "carteiro/common/strings.hpp"

namespace carteiro {

namespace {

// RFC 5322 section 3.2.3 atext, plus any UTF-8 byte (RFC 6531 section 3.3).
bool atext(unsigned char c) {
  if (c >= 0x80) return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '/': case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}':
    case '~':
      return true;
    default:
      return false;
  }
}

bool valid_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  char prev = 0;
  for (char c : s) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!atext(static_cast<unsigned char>(c))) {
      return false;
    }
    prev = c;
  }
  return true;
}

// RFC 5321 section 4.1.2 Quoted-string: printable ASCII, backslash pairs.
bool valid_quoted(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      if (i + 2 >= s.size()) return false;
      ++i;
      continue;
    }
    if (c == '"' || c < 32 || c == 127) return false;
  }
  return true;
}

}  // namespace

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 255) return false;
  if (d.front() == '[') {  // address literal
    if (d.back() != ']' || d.size() < 3) return false;
    for (char c : d.substr(1, d.size() - 2)) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u <= 32 || u >= 127 || c == '[' || c == ']' || c == '\\') return false;
    }
    return true;
  }
  for (auto label : split(d, '.')) {
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      unsigned char u = static_cast<unsigned char>(c);
      bool ok = (u >= 0x80) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

std::optional<Address> parse_address(std::string_view text) {
  if (text.empty() || text.size() > 320) return std::nullopt;
  auto at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) return std::nullopt;
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (local.size() > 64 && !(local.front() == '"')) return std::nullopt;
  if (!(valid_dot_atom(local) || valid_quoted(local))) return std::nullopt;
  if (!valid_domain(domain)) return std::nullopt;
  return Address{std::string(local), to_lower(domain)};
}

std::string_view strip_plus_tag(std::string_view local) {
  auto plus = local.find('+');
  if (plus == std::string_view::npos || plus == 0) return local;
  return local.substr(0, plus);
}

}  // namespace carteiro
