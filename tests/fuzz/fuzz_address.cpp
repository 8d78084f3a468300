// carteiro::parse_address (address.hpp): an accepted address has a local part and a
// lower-case domain, prints back to text that parses to the same address, and its
// plus-tag-free local part is a prefix of it.
#include <cstdint>

#include "carteiro/common/address.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  carteiro::valid_domain(text);
  auto address = carteiro::parse_address(text);
  if (!address) return 0;
  FUZZ_CHECK(!address->local.empty());
  FUZZ_CHECK(!address->domain.empty());
  for (char c : address->domain) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  FUZZ_CHECK(address->domain.front() == '[' || carteiro::valid_domain(address->domain));
  auto again = carteiro::parse_address(address->text());
  FUZZ_CHECK(again && *again == *address);
  auto base = carteiro::strip_plus_tag(address->local);
  FUZZ_CHECK(std::string_view(address->local).substr(0, base.size()) == base);
  return 0;
}
