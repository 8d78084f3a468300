#pragma once
// Passwords are stored only as salted scrypt hashes (RFC 7914, through OpenSSL):
//   $scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>
#include <string>
#include <string_view>

namespace carteiro::auth {

struct ScryptCost {
  unsigned log2_n = 15;  // N = 32768: 32 MiB and tens of milliseconds per hash
  unsigned r = 8;
  unsigned p = 1;
};

std::string hash_password(std::string_view password, ScryptCost cost = {});
// Constant-time comparison; false for a malformed hash.
bool verify_password(std::string_view password, std::string_view encoded);

}  // namespace carteiro::auth
