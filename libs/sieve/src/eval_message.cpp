// The header fields a run reads and editheader changes (RFC 5293).
#include "eval_message.hpp"

#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"
#include "carteiro/mime/header.hpp"

namespace carteiro::sieve {

namespace {

constexpr std::size_t kFoldWidth = 76;
// Octets of UTF-8 text per encoded word: 45 octets are 60 base64 characters, which with
// "=?UTF-8?B?" and "?=" stay under the 75 of RFC 2047 section 2.
constexpr std::size_t kEncodedWordOctets = 45;

// Line breaks in a value from a script would start a new field: they become spaces.
std::string one_line(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

// RFC 2047 "B" encoded words, split between UTF-8 characters, separated by folding.
std::string encode_words(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = std::min(text.size(), pos + kEncodedWordOctets);
    while (end < text.size() && end > pos + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

// Folds "Name: value" at blanks so that lines stay near kFoldWidth (RFC 5322 2.2.3).
std::string fold_field(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ": ";
  std::size_t line_start = 0;
  for (std::string_view word : split(value, ' ')) {
    bool first = out.size() == name.size() + 2;
    if (!first && out.size() - line_start + 1 + word.size() > kFoldWidth) {
      out += "\r\n";
      line_start = out.size();
    }
    if (!first) out += ' ';
    out += word;
  }
  return out + "\r\n";
}

}  // namespace

bool valid_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c < 33 || c > 126 || c == ':') return false;
  return true;
}

MessageView::MessageView(std::string_view message) : message_(message) {
  std::string_view block = mime::header_block(message);
  body_ = message.substr(block.size());
  mime::FieldReader reader(block);
  mime::RawField f;
  while (reader.next(f))
    fields_.push_back({std::string(f.name), mime::unfold(f.value), std::string(f.lines)});
}

std::vector<std::string> MessageView::raw_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const Field& f : fields_)
    if (iequals(f.name, name)) out.push_back(f.value);
  return out;
}

std::vector<std::string> MessageView::decoded_values(std::string_view name) const {
  std::vector<std::string> out = raw_values(name);
  for (std::string& v : out) v = mime::decode_words(v);
  return out;
}

bool MessageView::has_field(std::string_view name) const {
  for (const Field& f : fields_)
    if (iequals(f.name, name)) return true;
  return false;
}

void MessageView::add_field(std::string_view name, std::string_view value, bool last) {
  std::string text = one_line(value);
  std::string written = has_eight_bit(text) ? encode_words(text) : text;
  Field f{std::string(name), mime::unfold(written), ""};
  f.lines = has_eight_bit(text) ? std::string(name) + ": " + written + "\r\n" : fold_field(name, written);
  if (last)
    fields_.push_back(std::move(f));
  else
    fields_.insert(fields_.begin(), std::move(f));
  edited_ = true;
}

std::size_t MessageView::delete_fields(std::string_view name, const Doomed& doomed) {
  std::size_t count = 0;
  for (const Field& f : fields_)
    if (iequals(f.name, name)) ++count;
  std::size_t position = 0;
  std::size_t removed = 0;
  std::vector<Field> kept;
  kept.reserve(fields_.size());
  for (Field& f : fields_) {
    if (iequals(f.name, name) && doomed(++position, count, mime::decode_words(f.value))) {
      ++removed;
      continue;
    }
    kept.push_back(std::move(f));
  }
  fields_ = std::move(kept);
  if (removed > 0) edited_ = true;
  return removed;
}

std::string MessageView::header_section() const {
  std::string out;
  for (const Field& f : fields_) {
    out += f.lines;
    if (!f.lines.empty() && f.lines.back() != '\n') out += "\r\n";
  }
  return out + "\r\n";
}

}  // namespace carteiro::sieve
