// RFC 2047 encoded words: =?charset?encoding?encoded-text?=
#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/decode.hpp"

namespace carteiro::mime {

namespace {

struct EncodedWord {
  std::string_view charset;  // without an RFC 2231 section 5 "*language" suffix
  std::string bytes;         // decoded, still in CHARSET
  std::size_t length = 0;    // octets of the whole =?...?= in the input
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Section 4.2: "_" is a space, "=XX" an octet.
std::string decode_q(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Section 2: parses an encoded word starting at TEXT[0] == '=', '?'. An encoded word has no
// blanks; one longer than kMaxWord (section 2 allows 75 octets, sloppy encoders write more) is
// not taken as one, which also keeps a header full of "=?" linear to scan.
constexpr std::size_t kMaxWord = 512;

bool parse_encoded_word(std::string_view text, EncodedWord& word) {
  std::size_t limit = std::min(text.size(), kMaxWord);
  for (std::size_t i = 2; i < limit; ++i) {
    if (is_space(text[i])) {
      limit = i;
      break;
    }
  }
  text = text.substr(0, limit);
  std::size_t q1 = text.find('?', 2);
  if (q1 == std::string_view::npos || q1 == 2 || q1 + 2 >= text.size() || text[q1 + 2] != '?')
    return false;
  std::string_view charset = text.substr(2, q1 - 2);
  for (char c : charset)
    if (c == '=') return false;
  char enc = text[q1 + 1];
  std::size_t start = q1 + 3;
  std::size_t end = text.find("?=", start);
  if (end == std::string_view::npos) return false;
  std::string_view encoded = text.substr(start, end - start);
  if (enc == 'B' || enc == 'b')
    word.bytes = decode_base64_lenient(encoded);
  else if (enc == 'Q' || enc == 'q')
    word.bytes = decode_q(encoded);
  else
    return false;
  std::size_t star = charset.find('*');
  word.charset = charset.substr(0, star);
  word.length = end + 2;
  return true;
}

}  // namespace

std::string decode_words(std::string_view raw) {
  if (raw.find("=?") == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  // Adjacent words in the same charset are joined before conversion: encoders split
  // multi-byte characters across words.
  std::string pending;
  std::string_view pending_charset;
  auto flush = [&] {
    if (!pending.empty()) out += to_utf8(pending, pending_charset);
    pending.clear();
  };
  std::size_t pos = 0;
  std::size_t last_word_end = std::string_view::npos;
  while (pos < raw.size()) {
    std::size_t at = raw.find("=?", pos);
    if (at == std::string_view::npos) break;
    EncodedWord word;
    if (!parse_encoded_word(raw.substr(at), word)) {
      flush();
      out.append(raw.substr(pos, at + 2 - pos));
      pos = at + 2;
      last_word_end = std::string_view::npos;
      continue;
    }
    std::string_view gap = raw.substr(pos, at - pos);
    bool gap_is_space = true;
    for (char c : gap) gap_is_space = gap_is_space && is_space(c);
    bool adjacent = last_word_end == pos && gap_is_space;  // section 6.2: drop the blanks
    if (!adjacent) {
      flush();
      out.append(gap);
    } else if (!iequals(word.charset, pending_charset)) {
      flush();
    }
    pending_charset = word.charset;
    pending += word.bytes;
    pos = at + word.length;
    last_word_end = pos;
  }
  flush();
  out.append(raw.substr(pos));
  return out;
}

}  // namespace carteiro::mime
