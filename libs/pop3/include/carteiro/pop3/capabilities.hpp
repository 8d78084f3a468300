#pragma once
// RFC 2449 section 5: what CAPA lists, which depends on the session's state and connection.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::pop3 {

// RFC 5034 with RFC 4616 (PLAIN) and draft-murchison-sasl-login (LOGIN).
inline constexpr std::array<std::string_view, 2> kSaslMechanisms{"PLAIN", "LOGIN"};

struct CapabilityContext {
  bool authorization = true;      // AUTHORIZATION state (login commands are offered)
  bool plaintext_allowed = true;  // USER/PASS and SASL PLAIN/LOGIN may be used here
  bool stls_available = false;    // TLS is configured and the connection is not yet TLS
};

// One capability per element, without line ends.
std::vector<std::string> capabilities(const CapabilityContext& context);

}  // namespace carteiro::pop3
