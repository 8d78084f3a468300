#include "carteiro/mime/header.hpp"

#include <cstring>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"

namespace carteiro::mime {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The line starting at POS, including its line feed (or up to the end of TEXT).
std::string_view line_at(std::string_view text, std::size_t pos) {
  const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
  std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1
                       : text.size();
  return text.substr(pos, end - pos);
}

bool is_blank_line(std::string_view line) { return line == "\n" || line == "\r\n" || line == "\r"; }

// RFC 5322 section 3.6.8 field-name = 1*ftext (%d33-57 / %d59-126), then the obsolete
// blanks before the colon (section 4.5). Returns the name length, 0 when LINE is no field.
std::size_t field_name_length(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c < 33 || c > 126 || c == ':') break;
    ++i;
  }
  std::size_t name_end = i;
  while (i < line.size() && is_blank(line[i])) ++i;
  if (name_end == 0 || i >= line.size() || line[i] != ':') return 0;
  return name_end;
}

std::string_view without_line_break(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Grows FIELD over the continuation LINE that directly follows it.
void extend_field(RawField& field, std::string_view line) {
  const char* value_end = line.data() + without_line_break(line).size();
  field.value = std::string_view(field.value.data(), static_cast<std::size_t>(value_end - field.value.data()));
  field.lines = std::string_view(field.lines.data(),
                                 static_cast<std::size_t>(line.data() + line.size() - field.lines.data()));
}

}  // namespace

std::string_view header_block(std::string_view message) {
  if (message.empty()) return message;
  std::string_view first = line_at(message, 0);
  if (!is_blank_line(first) && field_name_length(first) == 0) return message.substr(0, 0);
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::string_view line = line_at(message, pos);
    pos += line.size();
    if (line == "\n" || line == "\r\n") return message.substr(0, pos);
  }
  return message;
}

bool FieldReader::next(RawField& field) {
  while (pos_ < block_.size()) {
    std::string_view line = line_at(block_, pos_);
    if (is_blank_line(line)) {
      pos_ = block_.size();
      return false;
    }
    pos_ += line.size();
    std::size_t name_len = is_blank(line.front()) ? 0 : field_name_length(line);
    if (name_len == 0) continue;  // junk, or the continuation of junk
    std::size_t colon = line.find(':');
    field = RawField{line.substr(0, name_len), without_line_break(line).substr(colon + 1), line};
    // RFC 5322 section 2.2.3: a line starting with a blank continues the field before it.
    while (pos_ < block_.size()) {
      std::string_view more = line_at(block_, pos_);
      if (!is_blank(more.front())) break;
      extend_field(field, more);
      pos_ += more.size();
    }
    return true;
  }
  return false;
}

std::vector<RawField> split_fields(std::string_view block) {
  std::vector<RawField> fields;
  FieldReader reader(block);
  RawField f;
  while (reader.next(f)) fields.push_back(f);
  return fields;
}

std::string unfold(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == '\n') continue;
    if (c == '\r' && i + 1 < folded.size() && folded[i + 1] == '\n') continue;
    out += c;
  }
  std::size_t b = 0;
  while (b < out.size() && is_blank(out[b])) ++b;
  std::size_t e = out.size();
  while (e > b && (is_blank(out[e - 1]) || out[e - 1] == '\r')) --e;
  return out.substr(b, e - b);
}

std::vector<HeaderField> parse_header(std::string_view block) {
  std::vector<HeaderField> out;
  FieldReader reader(block);
  RawField f;
  while (reader.next(f)) out.push_back({std::string(f.name), unfold(f.value)});
  return out;
}

std::optional<std::string> first_header(std::string_view message, std::string_view name) {
  FieldReader reader(header_block(message));
  RawField f;
  while (reader.next(f))
    if (iequals(f.name, name)) return unfold(f.value);
  return std::nullopt;
}

std::string header_text(std::string_view message, std::string_view name) {
  std::string out;
  bool first = true;
  FieldReader reader(header_block(message));
  RawField f;
  while (reader.next(f)) {
    if (!iequals(f.name, name)) continue;
    if (!first) out += '\n';
    first = false;
    out += decode_words(unfold(f.value));
  }
  return out;
}

}  // namespace carteiro::mime
