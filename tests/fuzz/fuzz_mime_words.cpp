// libs/mime decoding (decode.hpp): encoded words, quoted-printable, lenient base64 and the
// charset conversions never fail and stay within size bounds; the Latin charsets always
// give valid UTF-8, others pass through; what base64 encodes, lenient base64 decodes.
#include <cstdint>
#include <string>

#include "carteiro/common/base64.hpp"
#include "carteiro/mime/decode.hpp"
#include "fuzz_support.hpp"

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t continuation = 0;
    if (c < 0x80) continuation = 0;
    else if ((c & 0xe0) == 0xc0) continuation = 1;
    else if ((c & 0xf0) == 0xe0) continuation = 2;
    else if ((c & 0xf8) == 0xf0) continuation = 3;
    else return false;
    if (s.size() - i - 1 < continuation) return false;
    for (std::size_t k = 1; k <= continuation; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += continuation + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = carteiro::fuzz::as_text(data, size);
  using namespace carteiro::mime;

  FUZZ_CHECK(decode_words(text).size() <= 3 * text.size());

  std::string qp = decode_quoted_printable(text);
  FUZZ_CHECK(qp.size() <= text.size());
  std::string b64 = decode_base64_lenient(text);
  FUZZ_CHECK(b64.size() <= text.size() / 4 * 3 + 3);
  FUZZ_CHECK(decode_base64_lenient(carteiro::base64_encode(text)) == text);
  FUZZ_CHECK(decode_transfer(text, "BASE64") == b64);
  FUZZ_CHECK(decode_transfer(text, "Quoted-Printable") == qp);
  FUZZ_CHECK(decode_transfer(text, "8bit") == text);

  for (std::string_view charset : {"iso-8859-1", "ISO-8859-15", "windows-1252"}) {
    std::string converted = to_utf8(text, charset);
    FUZZ_CHECK(valid_utf8(converted));
    FUZZ_CHECK(converted.size() <= 3 * text.size());
  }
  // Other charsets are passed through as they are.
  FUZZ_CHECK(to_utf8(text, "utf-8") == text);
  FUZZ_CHECK(to_utf8(text, "x-unknown") == text);
  return 0;
}
