// carteiro::parse_size and parse_listen_address (config.hpp): they throw only
// std::invalid_argument, and what they accept is consistent (a size is its number times
// a unit; a listen address prints back to itself).
#include <cstdint>
#include <stdexcept>

#include "carteiro/common/config.hpp"
#include "carteiro/common/strings.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);
  try {
    std::uint64_t bytes = carteiro::parse_size(text);
    // "0" aside, a size is at least its number (the unit multiplies).
    std::uint64_t number = 0;
    bool overflow = false;
    auto t = carteiro::trim(text);
    for (std::size_t i = 0; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) {
      if (number > (UINT64_MAX - 9) / 10) overflow = true;
      number = number * 10 + static_cast<unsigned>(t[i] - '0');
    }
    FUZZ_CHECK(!overflow);
    FUZZ_CHECK(bytes >= number);
    FUZZ_CHECK(bytes == number || bytes % 1024 == 0);
  } catch (const std::invalid_argument&) {
  }
  try {
    carteiro::ListenAddress address = carteiro::parse_listen_address(text);
    FUZZ_CHECK(!address.host.empty());
    if (address.host.find_first_of("[]") == std::string::npos) {
      auto again = carteiro::parse_listen_address(address.text());
      FUZZ_CHECK(again.host == address.host && again.port == address.port);
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
