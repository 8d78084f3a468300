#pragma once
// SASL mechanisms every protocol offers: PLAIN (RFC 4616) and LOGIN
// (draft-murchison-sasl-login). Decoding only; the exchange is in sasl_exchange.hpp.
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::auth {

struct Credentials {
  std::string authzid;   // PLAIN's authorization identity (empty, or equal to authcid)
  std::string username;
  std::string password;
};

// PLAIN: base64 of "authzid NUL authcid NUL passwd". nullopt if not base64, not exactly
// three fields, an empty user name, or a NUL... where none may be.
std::optional<Credentials> decode_plain(std::string_view base64);
// LOGIN: each step is one base64 string (user name, then password); "=" is not special.
std::optional<std::string> decode_login_step(std::string_view base64);
inline constexpr std::string_view kLoginUsernamePrompt = "VXNlcm5hbWU6";  // "Username:"
inline constexpr std::string_view kLoginPasswordPrompt = "UGFzc3dvcmQ6";  // "Password:"

}  // namespace carteiro::auth
