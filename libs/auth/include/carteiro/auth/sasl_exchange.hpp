#pragma once
// One SASL authentication exchange (RFC 4422 section 3) with PLAIN (RFC 4616) or LOGIN
// (draft-murchison-sasl-login), step by step and without I/O. Every protocol drives it
// with its own framing: it sends each challenge its way (SMTP "334 x", POP3 and IMAP
// "+ x"), reads the client's line and hands it to step(), and answers the outcome with its
// own replies. Checking the password stays with the protocol (Authenticator::login).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "carteiro/auth/sasl.hpp"

namespace carteiro::auth {

// The longest client response accepted, in octets of base64: PLAIN's three fields of at
// most 255 octets each (RFC 4616 section 2) take 1024. A session reads response lines with
// a larger limit: a line its reader cut short is still longer than this, and refused.
inline constexpr std::size_t kMaxSaslResponse = 2048;

enum class SaslError {
  unknown_mechanism,   // neither PLAIN nor LOGIN
  too_long,            // a response of more than kMaxSaslResponse octets
  malformed_plain,     // not base64 of [authzid] NUL user NUL password (RFC 4616 section 2)
  malformed_username,  // LOGIN: not base64 of a user name
  malformed_password,  // LOGIN: not base64 of a password
  foreign_authzid,     // PLAIN asks to act as another user, which nobody may
};
// The error in a sentence for the person at the prompt.
std::string_view describe(SaslError error);

struct SaslChallenge {
  std::string_view base64;  // to send as is; "" is PLAIN's empty challenge
};
struct SaslCancelled {};  // the client answered a challenge with "*"
struct SaslFailure {
  SaslError error;
};
// What the session does next: send a challenge and read the answer, or answer the outcome
// (credentials to check, a cancelled exchange, or a failure).
using SaslStep = std::variant<SaslChallenge, Credentials, SaslCancelled, SaslFailure>;

class SaslExchange {
 public:
  // MECHANISM as the client named it (in any case); INITIAL_RESPONSE as the client sent it
  // after the mechanism, "=" standing for an empty response (RFC 4954 section 4, RFC 5034
  // section 4, RFC 4959 section 3).
  SaslExchange(std::string_view mechanism, std::optional<std::string_view> initial_response);

  // Whether an exchange with MECHANISM can start (a session may refuse an unknown one
  // before its other checks; start() refuses it too).
  static bool supported(std::string_view mechanism);

  // The first step: the first challenge, or the outcome of the initial response.
  SaslStep start();
  // The next step, from the client's line answering the last challenge. Only after a
  // SaslChallenge: the other steps end the exchange.
  SaslStep step(std::string_view line);

 private:
  enum class Awaiting { plain_message, login_username, login_password, nothing };

  // A response (initial or not) that is neither too long nor a cancellation.
  SaslStep take(std::string_view response);
  SaslStep finish(SaslStep outcome);

  Awaiting awaiting_ = Awaiting::nothing;
  bool known_ = false;
  std::optional<std::string> initial_;
  std::string username_;  // LOGIN's user name, between its two steps
};

}  // namespace carteiro::auth
