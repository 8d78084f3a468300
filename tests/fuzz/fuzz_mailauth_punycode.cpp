// mailauth::punycode_decode (punycode.hpp): any input decodes to valid UTF-8 of at most 63
// code points beyond its basic ones, or is refused.
#include <cstdint>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/punycode.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  auto decoded = carteiro::mailauth::punycode_decode(text);
  if (decoded) FUZZ_CHECK(carteiro::invalid_utf8_offset(*decoded) == std::string_view::npos);
  auto label = carteiro::mailauth::label_to_unicode(text);
  FUZZ_CHECK(!label.empty() || text.empty());
  return 0;
}
