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

namespace {

// Wildcards in a row match what one would: any '*' among them makes the run match
// anything ("%*" is "*"), otherwise it is one '%'. Merged, no two wildcards are adjacent,
// so one shift covers every empty match.
std::string merge_wildcard_runs(std::string_view pattern) {
  std::string out;
  for (char c : pattern) {
    bool wildcard = c == '*' || c == '%';
    if (wildcard && !out.empty() && (out.back() == '*' || out.back() == '%')) {
      if (c == '*') out.back() = '*';
      continue;
    }
    out += c;
  }
  return out;
}

using Bits = std::vector<std::uint64_t>;

void set_bit(Bits& bits, std::size_t i) { bits[i / 64] |= std::uint64_t{1} << (i % 64); }
bool test_bit(const Bits& bits, std::size_t i) { return (bits[i / 64] >> (i % 64)) & 1; }

}  // namespace

// Live position i means "the first i elements match what was read so far". A byte moves
// position i to i+1 when element i is that byte, and keeps i+1 live when element i is a
// wildcard that may consume it (Shift-And with self-loops).
ListPattern::ListPattern(std::string_view pattern) {
  std::string merged = merge_wildcard_runs(pattern);
  elements_ = merged.size();
  std::size_t words = (elements_ + 1) / 64 + 1;
  star_.assign(words, 0);
  percent_.assign(words, 0);
  wildcard_.assign(words, 0);
  for (std::size_t i = 0; i < merged.size(); ++i) {
    char c = merged[i];
    if (c == '*' || c == '%') {
      set_bit(c == '*' ? star_ : percent_, i + 1);
      set_bit(wildcard_, i);
      continue;
    }
    ++literals_;
    auto& cls = byte_class_[static_cast<unsigned char>(c)];
    if (cls == 0) {
      literal_.emplace_back(words, 0);
      cls = static_cast<std::uint16_t>(literal_.size());
    }
    set_bit(literal_[cls - 1], i + 1);
  }
}

void ListPattern::close_over_wildcards(Bits& live) const {
  std::uint64_t carry = 0;
  for (std::size_t w = 0; w < live.size(); ++w) {
    std::uint64_t entering = live[w] & wildcard_[w];
    live[w] |= (entering << 1) | carry;
    carry = entering >> 63;
  }
}

bool ListPattern::matches(std::string_view name) const {
  if (name.size() < literals_) return false;
  std::size_t words = star_.size();
  Bits live(words, 0), next(words, 0);
  set_bit(live, 0);
  close_over_wildcards(live);
  for (char c : name) {
    auto cls = byte_class_[static_cast<unsigned char>(c)];
    const Bits* literal = cls ? &literal_[cls - 1] : nullptr;
    bool delimiter = c == kDelimiter;
    std::uint64_t carry = 0, any = 0;
    for (std::size_t w = 0; w < words; ++w) {
      std::uint64_t stay = star_[w] | (delimiter ? 0 : percent_[w]);
      std::uint64_t advanced = (live[w] << 1) | carry;
      carry = live[w] >> 63;
      next[w] = (literal ? advanced & (*literal)[w] : 0) | (live[w] & stay);
      any |= next[w];
    }
    if (!any) return false;
    close_over_wildcards(next);
    live.swap(next);
  }
  return test_bit(live, elements_);
}

bool list_pattern_matches(std::string_view pattern, std::string_view name) {
  return ListPattern(pattern).matches(name);
}

std::optional<std::string_view> parent_mailbox_name(std::string_view name) {
  auto pos = name.rfind(kDelimiter);
  if (pos == std::string_view::npos || pos == 0) return std::nullopt;
  return name.substr(0, pos);
}

}  // namespace carteiro::imap
