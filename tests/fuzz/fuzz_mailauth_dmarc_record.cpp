// mailauth::dmarc::parse_record (dmarc.hpp): any input parses or gives a reason; what
// parses holds values inside their ranges.
#include <cstdint>

#include "carteiro/mailauth/dmarc.hpp"
#include "fuzz_support.hpp"

using namespace carteiro::mailauth::dmarc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  auto result = parse_record(text);
  if (auto* error = std::get_if<RecordError>(&result)) {
    FUZZ_CHECK(!error->reason.empty());
    return 0;
  }
  const auto& record = std::get<Record>(result);
  FUZZ_CHECK(is_dmarc_record(text));
  FUZZ_CHECK(record.percent >= 0 && record.percent <= 100);
  for (const auto& uri : record.aggregate_report_to) FUZZ_CHECK(uri.find(':') != std::string::npos);
  FUZZ_CHECK(record.aggregate_report_to.size() + record.failure_report_to.size() <= text.size());
  return 0;
}
