// The text IMAP SEARCH BODY/TEXT looks in, and its case-insensitive comparison.
#include "carteiro/mime/search_text.hpp"

#include <cstring>
#include <vector>

#include "carteiro/mime/decode.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mime/structure.hpp"

namespace carteiro::mime {

namespace {

void append_text(const Part& part, std::string& out) {
  if (part.is_multipart()) {
    for (const Part& child : part.children) append_text(child, out);
    return;
  }
  if (part.is_message()) {
    append_text(*part.message, out);
    return;
  }
  if (!part.type.is_text()) return;
  std::string encoding = part.fields.transfer_encoding.data() ? unfold(part.fields.transfer_encoding)
                                                              : std::string();
  std::string decoded = decode_transfer(part.body, encoding);
  if (!out.empty()) out += '\n';
  std::optional<std::string_view> charset = part.type.param("charset");
  out += charset ? to_utf8(decoded, *charset) : decoded;
}

}  // namespace

std::string body_text(std::string_view message) {
  Part root = parse_structure(message);
  std::string out;
  append_text(root, out);
  return out;
}

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
      continue;
    }
    if (c < 0xC0 || i + 1 >= out.size()) continue;
    auto n = static_cast<unsigned char>(out[i + 1]);
    // Two-byte UTF-8 letters whose lower case is also two bytes.
    if (c == 0xC3 && n >= 0x80 && n <= 0x9E && n != 0x97) {  // U+00C0-U+00DE (not U+00D7 ×)
      out[i + 1] = static_cast<char>(n + 0x20);
    } else if (c == 0xCE && n >= 0x91 && n <= 0x9F) {  // Greek U+0391-U+039F
      out[i + 1] = static_cast<char>(n + 0x20);
    } else if (c == 0xCE && n >= 0xA0 && n <= 0xA9 && n != 0xA2) {  // Greek U+03A0-U+03A9
      out[i] = static_cast<char>(0xCF);
      out[i + 1] = static_cast<char>(n - 0x20);
    } else if (c == 0xD0 && n >= 0x80 && n <= 0x8F) {  // Cyrillic U+0400-U+040F
      out[i] = static_cast<char>(0xD1);
      out[i + 1] = static_cast<char>(n + 0x10);
    } else if (c == 0xD0 && n >= 0x90 && n <= 0x9F) {  // Cyrillic U+0410-U+041F
      out[i + 1] = static_cast<char>(n + 0x20);
    } else if (c == 0xD0 && n >= 0xA0 && n <= 0xAF) {  // Cyrillic U+0420-U+042F
      out[i] = static_cast<char>(0xD1);
      out[i + 1] = static_cast<char>(n - 0x20);
    }
    if ((n & 0xC0) == 0x80) ++i;  // the continuation byte is done
  }
  return out;
}

namespace {

// Knuth-Morris-Pratt: border[i] is the length of the longest proper prefix of
// needle[0..i] that is also its suffix. After a mismatch the search falls back to that
// border instead of restarting one byte further: at most 2 * text comparisons in all, so a
// search costs O(text + needle). std::string::find compares the
// whole needle again at every position: O(text * needle) on "aaa...a" against "a...ab",
// which a client can send (a long SEARCH BODY needle over a large message).
std::vector<std::size_t> borders(std::string_view needle) {
  std::vector<std::size_t> border(needle.size(), 0);
  for (std::size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = border[k - 1];
    if (needle[i] == needle[k]) ++k;
    border[i] = k;
  }
  return border;
}

bool occurs(std::string_view text, std::string_view needle) {
  auto border = borders(needle);
  std::size_t k = 0;  // needle bytes matched so far
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (k == 0) {
      // Nothing matched yet: skip straight to the next candidate first byte.
      const void* next = std::memchr(text.data() + i, needle[0], text.size() - i);
      if (!next) return false;
      i = static_cast<std::size_t>(static_cast<const char*>(next) - text.data());
    }
    while (k > 0 && text[i] != needle[k]) k = border[k - 1];
    if (text[i] == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace

// Folding is done on whole strings first (it looks at byte pairs), then the folded bytes
// are compared exactly, as before: only the substring search itself changed.
bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  return occurs(fold_case(haystack), fold_case(needle));
}

}  // namespace carteiro::mime
