// libs/mailauth SRV record data (dns_srv.hpp): any bytes are refused or decoded into a
// target that is a lower-case name without the trailing dot; the first six octets are the
// three numbers.
#include <cstdint>

#include "carteiro/mailauth/dns_srv.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  auto record = carteiro::mailauth::parse_srv_rdata(text);
  if (!record) return 0;
  FUZZ_CHECK(size >= 7);
  FUZZ_CHECK(record->port == ((data[4] << 8) | data[5]));
  FUZZ_CHECK(record->target.empty() || record->target.back() != '.');
  for (char c : record->target) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  return 0;
}
