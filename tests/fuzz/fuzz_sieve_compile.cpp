// sieve::compile (compile.hpp): any text either compiles or gets one error whose position
// lies inside the text (or just past its end), never a crash; a script that compiles
// compiles again the same way, and a tighter nesting limit only ever refuses more.
#include <cstdint>

#include "carteiro/sieve/compile.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader reader(carteiro::fuzz::as_text(data, size));
  carteiro::sieve::Limits limits;
  limits.max_nesting = reader.in_range(1, 40);
  std::string_view text = reader.rest();

  auto result = carteiro::sieve::compile(text, limits);
  FUZZ_CHECK(static_cast<bool>(result) != result.error.has_value());
  if (result.error) {
    const auto& error = *result.error;
    FUZZ_CHECK(!error.message.empty());
    FUZZ_CHECK(error.line >= 1 && error.column >= 1);
    std::size_t line_start = 0;
    for (std::size_t line = 1; line < error.line; ++line) {
      auto lf = text.find('\n', line_start);
      FUZZ_CHECK(lf != std::string_view::npos);
      line_start = lf + 1;
    }
    FUZZ_CHECK(line_start + error.column - 1 <= text.size());
    return 0;
  }
  FUZZ_CHECK(static_cast<bool>(carteiro::sieve::compile(text, limits)));
  carteiro::sieve::Limits wider = limits;
  wider.max_nesting = 64;
  FUZZ_CHECK(static_cast<bool>(carteiro::sieve::compile(text, wider)));
  return 0;
}
