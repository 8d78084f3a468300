#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/common/strings.hpp"
#include "parser/rules.hpp"

#include <vector>

namespace carteiro::imap {

namespace parser {

// mailbox = "INBOX" / astring  ; INBOX is case-insensitive
std::string mailbox(Reader& r) { return canonical_mailbox_name(r.astring()); }

}  // namespace parser

namespace {
constexpr std::size_t kMaxMailboxName = 512;

// modified BASE64 of RFC 3501 section 5.1.3: RFC 2045's alphabet with ',' for '/'.
int modified_base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == ',') return 63;
  return -1;
}

// Checks one shifted run (the text between '&' and '-'): whole UTF-16 units, no leftover
// bits set, valid surrogate pairs, and no printable ASCII that should have stood for itself.
bool valid_shifted_run(std::string_view run) {
  if (run.empty()) return false;  // "&-" is handled by the caller
  std::uint32_t bits = 0;
  int nbits = 0;
  bool want_low_surrogate = false;
  for (char c : run) {
    int v = modified_base64_value(c);
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    nbits += 6;
    if (nbits >= 16) {
      nbits -= 16;
      std::uint32_t unit = (bits >> nbits) & 0xffff;
      bits &= (1u << nbits) - 1;
      bool high = unit >= 0xd800 && unit <= 0xdbff;
      bool low = unit >= 0xdc00 && unit <= 0xdfff;
      if (want_low_surrogate != low) return false;
      want_low_surrogate = high;
      if (unit >= 0x20 && unit <= 0x7e) return false;
    }
  }
  return !want_low_surrogate && nbits < 6 && bits == 0;
}
}  // namespace

bool valid_modified_utf7(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
    if (c != '&') continue;
    auto close = name.find('-', i + 1);
    if (close == std::string_view::npos) return false;
    if (close > i + 1 && !valid_shifted_run(name.substr(i + 1, close - i - 1))) return false;
    i = close;
  }
  return true;
}

std::optional<std::string> invalid_mailbox_name(std::string_view name) {
  if (name.empty()) return "the mailbox name is empty";
  if (name.size() > kMaxMailboxName) return "the mailbox name is too long";
  if (!valid_modified_utf7(name)) return "the mailbox name is not valid modified UTF-7 (RFC 3501 section 5.1.3)";
  if (name.find_first_of("*%") != std::string_view::npos) return "'*' and '%' are not allowed in mailbox names";
  if (name.front() == kDelimiter || name.back() == kDelimiter || name.find("//") != std::string_view::npos)
    return "the mailbox name has an empty hierarchy level";
  return std::nullopt;
}

std::string canonical_mailbox_name(std::string_view name) {
  if (iequals(name, "INBOX")) return "INBOX";
  return std::string(name);
}

// Dynamic programming over (pattern position, name position): reachable[j] says the first
// i pattern characters can match the first j name characters.
bool list_pattern_matches(std::string_view pattern, std::string_view name) {
  std::vector<char> reachable(name.size() + 1, 0), next(name.size() + 1, 0);
  reachable[0] = 1;
  for (char p : pattern) {
    std::fill(next.begin(), next.end(), 0);
    if (p == '*' || p == '%') {
      bool carry = false;
      for (std::size_t j = 0; j <= name.size(); ++j) {
        if (p == '%' && j > 0 && name[j - 1] == kDelimiter) carry = false;
        carry = carry || reachable[j];
        next[j] = carry;
      }
    } else {
      for (std::size_t j = 1; j <= name.size(); ++j) next[j] = reachable[j - 1] && name[j - 1] == p;
    }
    reachable.swap(next);
  }
  return reachable[name.size()];
}

std::optional<std::string_view> parent_mailbox_name(std::string_view name) {
  auto pos = name.rfind(kDelimiter);
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  return name.substr(0, pos);
}

}  // namespace carteiro::imap
