// libs/mailauth's streamed relaxed body hash (dkim_sign.hpp, RelaxedBodyHash): for any bytes
// fed in any split, the hash equals that of canonical_body over with_crlf of the same bytes.
#include <openssl/evp.h>

#include <cstdint>
#include <string>

#include "carteiro/mailauth/dkim_canon.hpp"
#include "carteiro/mailauth/dkim_sign.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::mailauth::dkim;
  auto text = carteiro::fuzz::as_text(data, size);
  std::string canonical = canonical_body(with_crlf(text), Canonicalization::relaxed);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &digest_size, EVP_sha256(), nullptr);
  // The first octet chooses the chunk size: every split must give the same hash.
  std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 7;
  RelaxedBodyHash hash;
  for (std::size_t pos = 0; pos < text.size(); pos += chunk) hash.update(text.substr(pos, chunk));
  FUZZ_CHECK(hash.finish() == std::string(reinterpret_cast<char*>(digest), digest_size));
  return 0;
}
