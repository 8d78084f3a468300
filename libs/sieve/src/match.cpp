// Comparators and match types (RFC 5228 section 2.7, RFC 4790 section 9, RFC 5231).
#include "match.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>

#include "run_error.hpp"

namespace carteiro::sieve {

namespace {

char fold(Comparator comparator, char c) {
  if (comparator == Comparator::ascii_casemap && c >= 'a' && c <= 'z')
    return static_cast<char>(c - 'a' + 'A');
  return c;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 4790 section 9.1.1: the leading digits without leading zeros, or nullopt for
// positive infinity (no leading digit).
std::optional<std::string_view> numeric_value(std::string_view s) {
  std::size_t end = 0;
  while (end < s.size() && is_digit(s[end])) ++end;
  if (end == 0) return std::nullopt;
  std::string_view digits = s.substr(0, end);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

int compare_numeric(std::string_view a, std::string_view b) {
  auto x = numeric_value(a);
  auto y = numeric_value(b);
  if (!x || !y) return (x ? -1 : 0) + (y ? 1 : 0);  // infinity is above every number
  if (x->size() != y->size()) return x->size() < y->size() ? -1 : 1;
  return x->compare(*y) < 0 ? -1 : (x->compare(*y) > 0 ? 1 : 0);
}

// Octets of the UTF-8 character that starts at TEXT[POS] (1 for a byte that does not
// start a well-formed sequence, so malformed text still advances).
std::size_t utf8_length(std::string_view text, std::size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t n = lead < 0xC2 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 1;
  if (pos + n > text.size()) return 1;
  for (std::size_t i = 1; i < n; ++i)
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0) != 0x80) return 1;
  return n;
}

// A pattern split at its stars: each segment is literal octets and "?" (one character).
struct Token {
  char octet = 0;
  bool any_one = false;
};
struct Segment {
  std::vector<Token> tokens;
  std::string literal;  // the octets, folded, when the segment has no "?"
  bool has_any_one = false;
};

std::vector<Segment> split_pattern(Comparator comparator, std::string_view pattern) {
  std::vector<Segment> segments(1);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      segments.emplace_back();
      continue;
    }
    Segment& s = segments.back();
    if (c == '?') {
      s.tokens.push_back({0, true});
      s.has_any_one = true;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) c = pattern[++i];
    s.tokens.push_back({fold(comparator, c), false});
    s.literal += fold(comparator, c);
  }
  return segments;
}

// Matches SEGMENT at TEXT[POS] (TEXT already folded); the end position, or npos. Each "?"
// appends what it took to GROUPS.
std::size_t match_segment(const Segment& segment, std::string_view text, std::size_t pos,
                          std::vector<std::string_view>* groups) {
  for (const Token& t : segment.tokens) {
    if (pos >= text.size()) return std::string_view::npos;
    if (t.any_one) {
      std::size_t n = utf8_length(text, pos);
      if (groups) groups->push_back(text.substr(pos, n));
      pos += n;
    } else if (text[pos] == t.octet) {
      ++pos;
    } else {
      return std::string_view::npos;
    }
  }
  return pos;
}

// The leftmost start at or after FROM where SEGMENT matches; npos when none.
std::size_t find_segment(const Segment& segment, std::string_view text, std::size_t from) {
  if (!segment.has_any_one) {
    // Boyer-Moore: linear whatever the text and segment hold.
    std::boyer_moore_searcher searcher(segment.literal.begin(), segment.literal.end());
    auto found = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), searcher);
    return found == text.end() && !segment.literal.empty()
               ? std::string_view::npos
               : static_cast<std::size_t>(found - text.begin());
  }
  // Tried at character boundaries only, so that "?" never takes half a character.
  for (std::size_t start = from; start < text.size(); ++start)
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80 &&
        match_segment(segment, text, start, nullptr) != std::string_view::npos)
      return start;
  return std::string_view::npos;
}

std::string folded(Comparator comparator, std::string_view text) {
  std::string out(text);
  for (char& c : out) c = fold(comparator, c);
  return out;
}

}  // namespace

int order(Comparator comparator, std::string_view a, std::string_view b) {
  if (comparator == Comparator::ascii_numeric) return compare_numeric(a, b);
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(fold(comparator, a[i]));
    auto y = static_cast<unsigned char>(fold(comparator, b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool equal(Comparator comparator, std::string_view a, std::string_view b) {
  return order(comparator, a, b) == 0;
}

bool holds(Relation relation, int ordering) {
  switch (relation) {
    case Relation::gt: return ordering > 0;
    case Relation::ge: return ordering >= 0;
    case Relation::lt: return ordering < 0;
    case Relation::le: return ordering <= 0;
    case Relation::eq: return ordering == 0;
    case Relation::ne: return ordering != 0;
    case Relation::none: return false;
  }
  return false;
}

bool contains(Comparator comparator, std::string_view value, std::string_view key) {
  if (key.empty()) return true;
  Segment segment;
  segment.literal = folded(comparator, key);
  return find_segment(segment, folded(comparator, value), 0) != std::string_view::npos;
}

void WorkBudget::spend(std::size_t octets) {
  if (octets > left_) throw RuntimeError("the script's comparisons take too long (too large a message or pattern)");
  left_ -= octets;
}

bool wildcard_match(Comparator comparator, std::string_view value, std::string_view pattern,
                    Captures* captures, WorkBudget* budget) {
  std::vector<Segment> segments = split_pattern(comparator, pattern);
  if (budget) {
    // Literal segments are found in linear time; one with "?" is tried at every place.
    std::size_t per_octet = 1;
    for (const Segment& s : segments)
      if (s.has_any_one) per_octet += s.tokens.size();
    budget->spend(value.size() > SIZE_MAX / per_octet ? SIZE_MAX : value.size() * per_octet);
  }
  std::string text = folded(comparator, value);
  std::vector<std::string_view> groups;  // views into TEXT, in wildcard order
  std::vector<std::string_view>* g = captures ? &groups : nullptr;

  std::size_t pos = match_segment(segments.front(), text, 0, g);
  if (pos == std::string_view::npos) return false;
  if (segments.size() == 1) {
    if (pos != text.size()) return false;
  } else {
    for (std::size_t i = 1; i < segments.size(); ++i) {
      const Segment& segment = segments[i];
      bool last = i + 1 == segments.size();
      std::size_t start = std::string_view::npos;
      std::size_t end = std::string_view::npos;
      if (!last || segment.has_any_one) {
        start = find_segment(segment, text, pos);
      } else {
        // A literal tail has one place: the end of the text.
        std::size_t tail = segment.literal.size();
        start = tail <= text.size() && text.size() - tail >= pos &&
                        std::string_view(text).substr(text.size() - tail) == segment.literal
                    ? text.size() - tail
                    : std::string_view::npos;
        end = text.size();
      }
      while (start != std::string_view::npos && end != text.size()) {
        end = match_segment(segment, text, start, nullptr);
        if (!last || end == text.size()) break;
        start = start < text.size() ? find_segment(segment, text, start + 1) : std::string_view::npos;
      }
      if (start == std::string_view::npos) return false;
      if (g) {
        g->push_back(std::string_view(text).substr(pos, start - pos));  // the star
        match_segment(segment, text, start, g);                          // its "?"s
      }
      pos = end;
    }
  }
  if (captures) {
    // Captures hold the value's own octets, not the folded ones.
    captures->assign(1, std::string(value));
    for (std::string_view group : groups)
      captures->push_back(std::string(value.substr(static_cast<std::size_t>(group.data() - text.data()), group.size())));
  }
  return true;
}

std::string quote_wildcards(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '*' || c == '?' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

namespace {

bool match_one(const Matcher& m, std::string_view value, std::string_view key, Captures* captures) {
  if (m.budget && m.type != MatchType::matches) m.budget->spend(value.size() + key.size());
  switch (m.type) {
    case MatchType::is: return equal(m.comparator, value, key);
    case MatchType::contains:
      return contains(m.comparator == Comparator::ascii_numeric ? Comparator::octet : m.comparator,
                      value, key);
    case MatchType::matches:
      return wildcard_match(m.comparator == Comparator::ascii_numeric ? Comparator::octet : m.comparator,
                            value, key, captures, m.budget);
    case MatchType::value: return holds(m.relation, order(m.comparator, value, key));
    case MatchType::count: return false;  // counted in match_any()
  }
  return false;
}

}  // namespace

bool match_any(const Matcher& matcher, const std::vector<std::string>& values,
               const std::vector<std::string>& keys, Captures* captures) {
  if (matcher.type == MatchType::count) {
    std::string count = std::to_string(values.size());
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return holds(matcher.relation, order(matcher.comparator, count, key));
    });
  }
  for (const std::string& value : values)
    for (const std::string& key : keys)
      if (match_one(matcher, value, key, captures)) return true;
  return false;
}

}  // namespace carteiro::sieve
