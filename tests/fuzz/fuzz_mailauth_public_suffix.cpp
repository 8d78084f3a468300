// mailauth::dmarc::PublicSuffixList::parse (dmarc.hpp): any text is a list; the
// organizational domain of any name taken from the input is a suffix of that name.
#include <cstdint>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dmarc.hpp"
#include "fuzz_support.hpp"

using namespace carteiro::mailauth::dmarc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  auto list = PublicSuffixList::parse(text);
  std::size_t names = 0;
  for (auto line : carteiro::split(text, '\n')) {
    if (++names > 16) break;
    auto name = carteiro::to_lower(carteiro::trim(line));
    if (!name.empty() && name.back() == '.') name.pop_back();
    auto org = list.organizational_domain(line);
    FUZZ_CHECK(org.size() <= name.size());
    FUZZ_CHECK(name.compare(name.size() - org.size(), org.size(), org) == 0);
  }
  return 0;
}
