#include "carteiro/auth/sasl_exchange.hpp"

#include <cassert>
#include <utility>

#include "carteiro/common/strings.hpp"

namespace carteiro::auth {

std::string_view describe(SaslError error) {
  switch (error) {
    case SaslError::unknown_mechanism: return "Unsupported authentication mechanism";
    case SaslError::too_long: return "Authentication response too long";
    case SaslError::malformed_plain: return "Malformed PLAIN response (base64 of authzid NUL user NUL password)";
    case SaslError::malformed_username: return "Malformed LOGIN response (base64 of the user name)";
    case SaslError::malformed_password: return "Malformed LOGIN response (base64 of the password)";
    case SaslError::foreign_authzid: return "Logging in as another user is not allowed";
  }
  return "Authentication failed";
}

SaslExchange::SaslExchange(std::string_view mechanism, std::optional<std::string_view> initial_response) {
  if (iequals(mechanism, "PLAIN")) {
    awaiting_ = Awaiting::plain_message;
    known_ = true;
  } else if (iequals(mechanism, "LOGIN")) {
    awaiting_ = Awaiting::login_username;
    known_ = true;
  }
  if (initial_response) initial_.emplace(*initial_response);
}

bool SaslExchange::supported(std::string_view mechanism) {
  return iequals(mechanism, "PLAIN") || iequals(mechanism, "LOGIN");
}

SaslStep SaslExchange::start() {
  if (!known_) return finish(SaslFailure{SaslError::unknown_mechanism});
  if (!initial_) {
    // PLAIN is client-first: its challenge is empty (RFC 4616 section 2). LOGIN asks.
    if (awaiting_ == Awaiting::plain_message) return SaslChallenge{""};
    return SaslChallenge{kLoginUsernamePrompt};
  }
  if (initial_->size() > kMaxSaslResponse) return finish(SaslFailure{SaslError::too_long});
  // "*" cancels only in answer to a challenge; as an initial response it is not base64.
  std::string_view initial = trim(*initial_);
  if (initial == "=") initial = {};
  return take(initial);
}

SaslStep SaslExchange::step(std::string_view line) {
  assert(awaiting_ != Awaiting::nothing && "step() after the exchange ended");
  if (line.size() > kMaxSaslResponse) return finish(SaslFailure{SaslError::too_long});
  // Surrounding blanks are never base64: dropping them forgives a human at a telnet prompt.
  std::string_view response = trim(line);
  // RFC 4954 section 4, RFC 5034 section 4, RFC 3501 section 6.2.2: "*" cancels.
  if (response == "*") return finish(SaslCancelled{});
  return take(response);
}

SaslStep SaslExchange::take(std::string_view response) {
  switch (awaiting_) {
    case Awaiting::plain_message: {
      auto credentials = decode_plain(response);
      if (!credentials) return finish(SaslFailure{SaslError::malformed_plain});
      // RFC 4616 section 2: the server decides whom the authcid may act as; here nobody
      // but itself.
      if (!credentials->authzid.empty() && credentials->authzid != credentials->username)
        return finish(SaslFailure{SaslError::foreign_authzid});
      return finish(std::move(*credentials));
    }
    case Awaiting::login_username: {
      auto username = decode_login_step(response);
      if (!username) return finish(SaslFailure{SaslError::malformed_username});
      username_ = std::move(*username);
      awaiting_ = Awaiting::login_password;
      return SaslChallenge{kLoginPasswordPrompt};
    }
    case Awaiting::login_password: {
      auto password = decode_login_step(response);
      if (!password) return finish(SaslFailure{SaslError::malformed_password});
      return finish(Credentials{{}, std::move(username_), std::move(*password)});
    }
    case Awaiting::nothing: break;
  }
  assert(false && "a response after the exchange ended");
  return finish(SaslFailure{SaslError::unknown_mechanism});
}

SaslStep SaslExchange::finish(SaslStep outcome) {
  awaiting_ = Awaiting::nothing;
  username_.clear();
  return outcome;
}

}  // namespace carteiro::auth
