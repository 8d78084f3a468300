// mime::parse_date (date.hpp): a date it reads, written back the way the server writes
// Date: fields (rfc5322_date), reads as the same instant.
#include <cstdint>

#include "carteiro/common/time.hpp"
#include "carteiro/mime/date.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto when = carteiro::mime::parse_date(carteiro::fuzz::as_text(data, size));
  if (!when) return 0;
  // Years 0000-9999 print with the four digits the grammar reads back.
  constexpr std::int64_t kYear0 = -62167219200;      // 0000-01-01T00:00:00Z
  constexpr std::int64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z
  if (*when < kYear0 || *when >= kYear10000) return 0;
  std::string written = carteiro::rfc5322_date(*when);
  auto again = carteiro::mime::parse_date(written);
  FUZZ_CHECK(again == when);
  return 0;
}
