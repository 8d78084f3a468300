// carteiro::base64_decode / base64_encode (base64.hpp): what strict decoding accepts
// encodes back to the same text (up to the unused bits of the last group, which RFC 4648
// section 3.5 lets a decoder ignore), and any bytes survive encode then decode.
#include <cstdint>
#include <string>

#include "carteiro/common/base64.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);

  auto roundtrip = carteiro::base64_decode(carteiro::base64_encode(text));
  FUZZ_CHECK(roundtrip && *roundtrip == text);

  auto decoded = carteiro::base64_decode(text);
  if (!decoded) return 0;
  FUZZ_CHECK(text.size() % 4 == 0);
  FUZZ_CHECK(decoded->size() <= text.size() / 4 * 3);
  std::string encoded = carteiro::base64_encode(*decoded);
  FUZZ_CHECK(encoded.size() == text.size());
  std::size_t data_chars = text.find('=');
  if (data_chars == std::string_view::npos) data_chars = text.size();
  FUZZ_CHECK(encoded.compare(data_chars, std::string::npos, text.substr(data_chars)) == 0);  // the padding
  if (data_chars > 0)  // every character but the last one before the padding
    FUZZ_CHECK(encoded.compare(0, data_chars - 1, text.substr(0, data_chars - 1)) == 0);
  FUZZ_CHECK(carteiro::base64_decode(encoded) == decoded);
  return 0;
}
