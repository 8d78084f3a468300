#include "carteiro/smtp/message_headers.hpp"

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::smtp {

namespace {

// ftext = %d33-57 / %d59-126 (RFC 5322 section 3.6.8).
bool ftext(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

// field-name ":" at the start of LINE (RFC 5322 section 3.6.8; white space before the
// colon is the obsolete syntax of section 4.5 and still accepted). Returns the name, or
// an empty view when LINE is not a field.
std::string_view field_name(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && ftext(line[i])) ++i;
  if (i == 0) return {};
  std::size_t colon = i;
  while (colon < line.size() && (line[colon] == ' ' || line[colon] == '\t')) ++colon;
  if (colon >= line.size() || line[colon] != ':') return {};
  return line.substr(0, i);
}

}  // namespace

std::size_t HeaderIndex::count(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(fields.begin(), fields.end(), [&](const HeaderField& f) { return iequals(f.name, name); }));
}

HeaderIndex index_headers(std::string_view message) {
  HeaderIndex index;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t lf = message.find('\n', pos);
    std::size_t next = lf == std::string_view::npos ? message.size() : lf + 1;
    std::string_view line = message.substr(pos, next - pos);
    std::string_view content = line;
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.remove_suffix(1);
    if (content.empty()) {  // the empty line that ends the header (section 2.1)
      index.has_separator = true;
      index.body_start = next;
      return index;
    }
    if ((content.front() == ' ' || content.front() == '\t') && !index.fields.empty()) {
      index.fields.back().end = next;  // folded continuation (section 2.2.3)
    } else {
      auto name = field_name(content);
      if (name.empty()) {  // not a header line: the body starts here
        index.body_start = pos;
        return index;
      }
      index.fields.push_back(HeaderField{name, pos, next});
    }
    pos = next;
  }
  index.body_start = message.size();
  return index;
}

std::string_view field_value(std::string_view message, const HeaderField& field) {
  std::string_view text = message.substr(field.begin, field.end - field.begin);
  auto colon = text.find(':', field.name.size());
  return colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
}

std::string rewrite_header(std::string_view message, const HeaderIndex& index, const HeaderRewrite& rewrite) {
  std::string out;
  out.reserve(index.body_start + rewrite.prepend.size() + rewrite.append.size() + 2);
  out += rewrite.prepend;
  for (auto& field : index.fields) {
    bool drop = std::any_of(rewrite.remove.begin(), rewrite.remove.end(),
                            [&](std::string_view name) { return iequals(field.name, name); });
    if (drop || (rewrite.remove_if && rewrite.remove_if(field.name, field_value(message, field)))) continue;
    out.append(message.substr(field.begin, field.end - field.begin));
    if (out.back() != '\n') out += "\r\n";  // a last line without its CRLF (BDAT)
  }
  out += rewrite.append;
  if (index.has_separator) {
    std::size_t header_end = index.fields.empty() ? 0 : index.fields.back().end;
    out.append(message.substr(header_end, index.body_start - header_end));  // the empty line as sent
  } else if (index.body_start < message.size()) {
    out += "\r\n";
  }
  return out;
}

std::string rewrite_message(std::string_view message, const HeaderIndex& index, const HeaderRewrite& rewrite) {
  std::string out = rewrite_header(message, index, rewrite);
  out.append(message.substr(index.body_start));
  return out;
}

}  // namespace carteiro::smtp
