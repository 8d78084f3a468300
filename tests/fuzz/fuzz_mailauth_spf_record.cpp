// mailauth::parse_spf_record (spf_record.hpp): any input parses or gives a reason, never
// both; a record that parses expands its macros within the bound.
#include <cstdint>

#include "carteiro/mailauth/spf_record.hpp"
#include "fuzz_support.hpp"

using namespace carteiro::mailauth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  auto result = parse_spf_record(text);
  FUZZ_CHECK(result.record.has_value() == result.error.empty());
  if (!result.record) return 0;
  SpfMacroContext context{"strong-bad@email.example.com", "email.example.com",
                          asio::ip::make_address("2001:db8::cb01"), "mx.example.org", "", {}};
  for (const auto& m : result.record->mechanisms) {
    if (!m.domain_spec) continue;
    auto expanded = expand_spf_macro_string(*m.domain_spec, context);
    FUZZ_CHECK(expanded.size() <= kSpfMaxExpansion);
    FUZZ_CHECK(spf_query_name(expanded).size() <= kSpfMaxDomainName);
  }
  // Explanation text: the other syntax of the same grammar.
  std::string error;
  auto pieces = parse_spf_macro_string(text, SpfMacroSyntax::explanation, error);
  FUZZ_CHECK(pieces.has_value() == error.empty());
  if (pieces) FUZZ_CHECK(expand_spf_macro_string(*pieces, context).size() <= kSpfMaxExpansion);
  return 0;
}
