#include "carteiro/auth/sasl.hpp"

#include "carteiro/common/base64.hpp"

namespace carteiro::auth {

namespace {
constexpr std::size_t kMaxField = 255;  // RFC 4616 section 2: at most 255 octets each
}

std::optional<Credentials> decode_plain(std::string_view base64) {
  auto raw = base64_decode(base64);
  if (!raw) return std::nullopt;
  // message = [authzid] UTF8NUL authcid UTF8NUL passwd (RFC 4616 section 2)
  auto first = raw->find('\0');
  if (first == std::string::npos) return std::nullopt;
  auto second = raw->find('\0', first + 1);
  if (second == std::string::npos) return std::nullopt;
  if (raw->find('\0', second + 1) != std::string::npos) return std::nullopt;
  Credentials c{raw->substr(0, first), raw->substr(first + 1, second - first - 1), raw->substr(second + 1)};
  if (c.username.empty() || c.password.empty()) return std::nullopt;
  if (c.authzid.size() > kMaxField || c.username.size() > kMaxField || c.password.size() > kMaxField)
    return std::nullopt;
  return c;
}

std::optional<std::string> decode_login_step(std::string_view base64) {
  auto raw = base64_decode(base64);
  if (!raw || raw->empty() || raw->size() > kMaxField) return std::nullopt;
  if (raw->find('\0') != std::string::npos) return std::nullopt;
  return raw;
}

}  // namespace carteiro::auth
