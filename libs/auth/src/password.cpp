#include "carteiro/auth/password.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include <stdexcept>

#include "carteiro/common/base64.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::auth {

namespace {
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::uint64_t kMaxMemory = 256ull * 1024 * 1024;

std::string scrypt(std::string_view password, std::string_view salt, ScryptCost cost) {
  std::string out(kHashBytes, '\0');
  std::uint64_t n = 1ull << cost.log2_n;
  if (EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), n, cost.r, cost.p, kMaxMemory, reinterpret_cast<unsigned char*>(out.data()),
                     out.size()) != 1)
    throw std::runtime_error("scrypt failed");
  return out;
}

// "ln=15,r=8,p=1" -> cost; false if malformed or out of sane bounds.
bool parse_cost(std::string_view text, ScryptCost& cost) {
  auto parts = split(text, ',');
  if (parts.size() != 3) return false;
  unsigned* targets[] = {&cost.log2_n, &cost.r, &cost.p};
  const char* names[] = {"ln=", "r=", "p="};
  for (int i = 0; i < 3; ++i) {
    std::string_view p = parts[i];
    std::string_view name = names[i];
    if (p.substr(0, name.size()) != name) return false;
    p.remove_prefix(name.size());
    if (p.empty() || p.size() > 3) return false;
    unsigned v = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    *targets[i] = v;
  }
  return cost.log2_n >= 1 && cost.log2_n <= 20 && cost.r >= 1 && cost.r <= 32 && cost.p >= 1 && cost.p <= 16;
}
}  // namespace

std::string hash_password(std::string_view password, ScryptCost cost) {
  std::string salt(kSaltBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("no random bytes for a salt");
  return fmt::format("$scrypt$ln={},r={},p={}${}${}", cost.log2_n, cost.r, cost.p, base64_encode(salt),
                     base64_encode(scrypt(password, salt, cost)));
}

bool verify_password(std::string_view password, std::string_view encoded) {
  // $scrypt$<cost>$<salt>$<hash>
  auto parts = split(encoded, '$');
  if (parts.size() != 5 || !parts[0].empty() || parts[1] != "scrypt") return false;
  ScryptCost cost;
  if (!parse_cost(parts[2], cost)) return false;
  auto salt = base64_decode(parts[3]);
  auto expected = base64_decode(parts[4]);
  if (!salt || !expected || expected->size() != kHashBytes) return false;
  std::string actual = scrypt(password, *salt, cost);
  return CRYPTO_memcmp(actual.data(), expected->data(), kHashBytes) == 0;
}

}  // namespace carteiro::auth
