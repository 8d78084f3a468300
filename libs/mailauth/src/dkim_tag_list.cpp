#include "carteiro/common/base64.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"

namespace carteiro::mailauth::dkim {

namespace {

// FWS inside a header field value, or the blanks of a TXT record.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// VALCHAR = %x21-3A / %x3C-7E (section 3.2): visible ASCII but ";".
bool is_valchar(char c) { return c >= 0x21 && c <= 0x7e && c != ';'; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// tag-name = ALPHA *ALNUMPUNC
bool valid_tag_name(std::string_view name) {
  if (name.empty() || !is_alpha(name.front())) return false;
  for (char c : name)
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  return true;
}

// tag-value = [ tval *( 1*(WSP / FWS) tval ) ]: valchars, with whitespace only between them
// (the ends are already trimmed).
bool valid_tag_value(std::string_view value) {
  for (char c : value)
    if (!is_valchar(c) && !is_space(c)) return false;
  return true;
}

}  // namespace

const std::string* TagList::find(std::string_view name) const {
  for (const auto& tag : tags)
    if (tag.name == name) return &tag.value;
  return nullptr;
}

Parsed<TagList> parse_tag_list(std::string_view text) {
  if (text.size() > kMaxTagListBytes) return ParseError{"tag list too long"};
  TagList list;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view spec = trim_space(text.substr(pos, end - pos));
    bool last = end == text.size();
    pos = end + 1;
    // tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: only the list's end may be empty.
    if (spec.empty()) {
      if (last && !list.tags.empty()) break;
      if (last && text.find_first_not_of(" \t\r\n") == std::string_view::npos) break;
      return ParseError{"empty tag"};
    }
    std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) return ParseError{"tag without '='"};
    std::string_view name = trim_space(spec.substr(0, equals));
    std::string_view value = trim_space(spec.substr(equals + 1));
    if (!valid_tag_name(name)) return ParseError{"bad tag name"};
    if (!valid_tag_value(value)) return ParseError{"bad character in tag " + std::string(name)};
    if (list.find(name)) return ParseError{"duplicate tag " + std::string(name)};
    if (list.tags.size() == kMaxTags) return ParseError{"too many tags"};
    list.tags.push_back({std::string(name), std::string(value)});
    if (last) break;
  }
  if (list.tags.empty()) return ParseError{"no tags"};
  return list;
}

std::optional<std::string> decode_folded_base64(std::string_view text) {
  std::string compact;
  compact.reserve(text.size());
  for (char c : text)
    if (!is_space(c)) compact.push_back(c);
  return base64_decode(compact);
}

}  // namespace carteiro::mailauth::dkim
