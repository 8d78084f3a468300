// RFC 5229 variables: storage, expansion and the `set` modifiers.
#include "value_variables.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::sieve {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

// The octets of the first UTF-8 character of TEXT.
std::size_t first_character(std::string_view text) {
  std::size_t n = text.empty() ? 0 : 1;
  while (n < text.size() && is_continuation(text[n])) ++n;
  return n;
}

}  // namespace

bool valid_variable_name(std::string_view name) {
  if (name.empty() || !is_alpha(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_alpha(c) || is_digit(c); });
}

std::string truncate_utf8(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && is_continuation(text[end])) --end;
  text.resize(end);
  return text;
}

void Variables::set(std::string_view name, std::string value) {
  named_[to_lower(name)] = truncate_utf8(std::move(value), kMaxVariableSize);
}

const std::string& Variables::get(std::string_view name) const {
  static const std::string kEmpty;
  auto it = named_.find(to_lower(name));
  return it == named_.end() ? kEmpty : it->second;
}

void Variables::set_matches(Captures captures) {
  for (std::string& c : captures) c = truncate_utf8(std::move(c), kMaxVariableSize);
  matches_ = std::move(captures);
}

std::string Variables::expand(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 2, close - open - 2);
    bool numeric = !name.empty() && std::all_of(name.begin(), name.end(), is_digit);
    // section 3: a namespace prefix ("env.x") names nothing we support, so it is "".
    bool namespaced = false;
    if (!numeric && !valid_variable_name(name)) {
      std::size_t dot = name.rfind('.');
      namespaced = dot != std::string_view::npos && valid_variable_name(name.substr(dot + 1)) &&
                   valid_variable_name(name.substr(0, name.find('.')));
      if (!namespaced) {
        // Not a reference: keep "${" and look again just after it.
        out.append(text.substr(pos, open + 2 - pos));
        pos = open + 2;
        continue;
      }
    }
    out.append(text.substr(pos, open - pos));
    if (numeric) {
      std::string_view digits = name;
      while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
      std::size_t index = digits.size() == 1 ? static_cast<std::size_t>(digits[0] - '0') : matches_.size();
      if (index < matches_.size()) out += matches_[index];
    } else if (!namespaced) {
      out += get(name);
    }
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return truncate_utf8(std::move(out), kMaxVariableSize);
}

std::string apply_modifiers(std::string value, const std::vector<SetModifier>& modifiers) {
  auto has = [&](SetModifier m) { return std::find(modifiers.begin(), modifiers.end(), m) != modifiers.end(); };
  if (has(SetModifier::lower)) value = to_lower(value);
  if (has(SetModifier::upper)) value = to_upper(value);
  std::size_t first = first_character(value);
  if (has(SetModifier::lowerfirst)) value.replace(0, first, to_lower(value.substr(0, first)));
  if (has(SetModifier::upperfirst)) value.replace(0, first, to_upper(value.substr(0, first)));
  if (has(SetModifier::quotewildcard)) value = quote_wildcards(value);
  if (has(SetModifier::length)) value = std::to_string(characters(value));
  return value;
}

}  // namespace carteiro::sieve
