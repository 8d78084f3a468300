#include "carteiro/pop3/banner.hpp"

#include <fmt/format.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstdint>

#include "carteiro/common/time.hpp"

namespace carteiro::pop3 {

std::string make_apop_timestamp(std::string_view hostname) {
  // Random bits from a CSPRNG, not just a counter: a timestamp a client could predict
  // would let a recorded digest be replayed (RFC 1939 section 13).
  std::uint64_t nonce = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&nonce), sizeof nonce);
  return fmt::format("<{}.{:016x}.{}@{}>", static_cast<long>(::getpid()), nonce, unix_now(), hostname);
}

}  // namespace carteiro::pop3
