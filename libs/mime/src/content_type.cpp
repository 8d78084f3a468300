// Content-Type (RFC 2045 section 5.1), Content-Disposition (RFC 2183 section 2) and
// parameter values with RFC 2231 continuations and character sets.
#include "carteiro/mime/content_type.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"
#include "lexer.hpp"

namespace carteiro::mime {

namespace {

// A message with thousands of parameters is an attack, not mail.
constexpr std::size_t kMaxParameters = 64;
constexpr unsigned kMaxSection = 999;

struct RawParameter {
  std::string_view name;
  std::string value;
};

// Skips to just after the next ';' outside a quoted string (recovery from a bad parameter).
void skip_to_semicolon(lex::Cursor& c) {
  while (!c.done()) {
    char k = c.peek();
    if (k == '"') {
      lex::read_quoted(c);
      continue;
    }
    ++c.pos;
    if (k == ';') return;
  }
}

// value := token / quoted-string, leniently also an unquoted value with blanks in it.
std::string read_value(lex::Cursor& c) {
  if (c.peek() == '"') return lex::read_quoted(c);
  std::size_t start = c.pos;
  lex::read_token(c);
  std::size_t token_end = c.pos;
  lex::skip_cfws(c);
  if (c.done() || c.peek() == ';') return std::string(c.text.substr(start, token_end - start));
  // Not followed by ';': a value like  name=my file.pdf  that should have been quoted.
  std::size_t semi = c.text.find(';', start);
  std::size_t end = semi == std::string_view::npos ? c.text.size() : semi;
  c.pos = end;
  return std::string(trim(c.text.substr(start, end - start)));
}

std::vector<RawParameter> read_parameters(lex::Cursor& c) {
  std::vector<RawParameter> out;
  while (!c.done() && out.size() < kMaxParameters) {
    lex::skip_cfws(c);
    if (c.done()) break;
    if (c.peek() == ';') {
      ++c.pos;
      continue;
    }
    std::string_view name = lex::read_token(c);
    lex::skip_cfws(c);
    if (name.empty() || c.peek() != '=') {
      skip_to_semicolon(c);
      continue;
    }
    ++c.pos;
    lex::skip_cfws(c);
    out.push_back({name, read_value(c)});
  }
  return out;
}

// RFC 2231 section 3 and 4: "name*2*" -> base "name", section 2, extended (percent-encoded).
struct NameParts {
  std::string_view base;
  bool rfc2231 = false;
  unsigned section = 0;
  bool extended = false;
};

NameParts split_name(std::string_view name) {
  std::size_t star = name.find('*');
  if (star == std::string_view::npos || star == 0) return {name};
  std::string_view rest = name.substr(star + 1);
  if (rest.empty()) return {name.substr(0, star), true, 0, true};
  unsigned section = 0;
  std::size_t i = 0;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && section <= kMaxSection)
    section = section * 10 + static_cast<unsigned>(rest[i++] - '0');
  if (i == 0 || section > kMaxSection) return {name};
  if (i == rest.size()) return {name.substr(0, star), true, section, false};
  if (i + 1 == rest.size() && rest[i] == '*') return {name.substr(0, star), true, section, true};
  return {name};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Segment {
  unsigned section;
  bool extended;
  std::string_view value;
};

struct Collected {
  std::string name;
  const std::string* plain = nullptr;
  std::vector<Segment> segments;
};

// Joins the sections 0, 1, 2... of one parameter (section 4.1: stop at the first gap) and
// decodes them: charset'language'percent-encoded in the first extended section.
std::string join_segments(std::vector<Segment>& segments) {
  std::stable_sort(segments.begin(), segments.end(),
                   [](const Segment& a, const Segment& b) { return a.section < b.section; });
  std::string charset;
  std::string bytes;
  unsigned expected = segments.front().section;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    if (s.section != expected) {
      if (s.section < expected) continue;  // a duplicate section
      break;
    }
    ++expected;
    std::string_view v = s.value;
    if (s.extended && i == 0) {
      std::size_t q1 = v.find('\'');
      std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v = v.substr(q2 + 1);
      }
    }
    bytes += s.extended ? percent_decode(v) : std::string(v);
  }
  return charset.empty() ? bytes : to_utf8(bytes, charset);
}

Parameters decode_parameters(const std::vector<RawParameter>& raw) {
  std::vector<Collected> collected;
  for (const RawParameter& p : raw) {
    NameParts parts = split_name(p.name);
    auto it = std::find_if(collected.begin(), collected.end(),
                           [&](const Collected& c) { return iequals(c.name, parts.base); });
    if (it == collected.end()) {
      collected.push_back({std::string(parts.base), nullptr, {}});
      it = collected.end() - 1;
    }
    if (parts.rfc2231)
      it->segments.push_back({parts.section, parts.extended, p.value});
    else if (!it->plain)
      it->plain = &p.value;
  }
  Parameters out;
  out.reserve(collected.size());
  for (Collected& c : collected) {
    // An RFC 2231 value wins over a plain one given for older readers.
    std::string value = !c.segments.empty() ? join_segments(c.segments) : *c.plain;
    out.push_back({std::move(c.name), std::move(value)});
  }
  return out;
}

}  // namespace

bool ContentType::is(std::string_view t, std::string_view s) const {
  return iequals(type, t) && iequals(subtype, s);
}
bool ContentType::is_multipart() const { return iequals(type, "multipart"); }
bool ContentType::is_text() const { return iequals(type, "text"); }
bool ContentType::is_message_rfc822() const { return is("message", "rfc822"); }

std::optional<std::string_view> ContentType::param(std::string_view name) const {
  for (const Parameter& p : params)
    if (iequals(p.name, name)) return std::string_view(p.value);
  return std::nullopt;
}

Parameters parse_parameters(std::string_view text) {
  lex::Cursor c{text};
  std::vector<RawParameter> raw = read_parameters(c);
  return decode_parameters(raw);
}

std::optional<ContentType> parse_content_type(std::string_view value) {
  lex::Cursor c{value};
  lex::skip_cfws(c);
  std::string_view type = lex::read_token(c);
  lex::skip_cfws(c);
  if (type.empty() || c.peek() != '/') return std::nullopt;
  ++c.pos;
  lex::skip_cfws(c);
  std::string_view subtype = lex::read_token(c);
  if (subtype.empty()) return std::nullopt;
  ContentType ct;
  ct.type = std::string(type);
  ct.subtype = std::string(subtype);
  std::vector<RawParameter> raw = read_parameters(c);
  ct.params = decode_parameters(raw);
  return ct;
}

std::optional<Disposition> parse_disposition(std::string_view value) {
  lex::Cursor c{value};
  lex::skip_cfws(c);
  std::string_view type = lex::read_token(c);
  if (type.empty()) return std::nullopt;
  Disposition d;
  d.type = std::string(type);
  std::vector<RawParameter> raw = read_parameters(c);
  d.params = decode_parameters(raw);
  return d;
}

}  // namespace carteiro::mime
