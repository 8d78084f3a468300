// The not authenticated state (RFC 3501 section 6.2): STARTTLS, LOGIN and AUTHENTICATE
// with PLAIN (RFC 4616) and LOGIN, initial responses per SASL-IR (RFC 4959).
#include <fmt/format.h>

#include <variant>

#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {

Reply privacy_required() {
  return no("Plaintext authentication is disabled on this connection: use STARTTLS first", "PRIVACYREQUIRED");
}

// One place for the outcome of LOGIN and AUTHENTICATE: three failures end the session.
asio::awaitable<Reply> finish_login(Session& s, std::string user, std::string password) {
  auto peer = s.conn().info().peer;
  auto result = co_await s.context().auth.login(auth::Protocol::imap, std::move(user), std::move(password), peer);
  switch (result.result) {
    case auth::LoginResult::ok: {
      // RFC 5530 section 3: LIMIT, "the operation ran up against an implementation limit".
      auto slot = s.context().sessions->try_acquire(result.account->id);
      if (!slot) {
        log::info("[{}] imap login {} refused: too many sessions", s.id(), result.account->address);
        co_return no("Too many sessions for this account", "LIMIT");
      }
      s.log_in(std::move(*result.account), std::move(*slot));
      co_return ok("Logged in", "CAPABILITY " + s.capabilities());
    }
    case auth::LoginResult::temporary_failure:
      co_return no("Temporary authentication failure, try again later", "UNAVAILABLE");
    case auth::LoginResult::blocked:
    case auth::LoginResult::bad_credentials:
      break;
  }
  if (++s.failed_logins() >= kMaxFailedLogins) s.end_session("Too many failed logins");
  co_return no("Authentication failed", "AUTHENTICATIONFAILED");
}

// The framing of the exchange (RFC 3501 section 6.2.2): "+ " and the challenge, then one
// line from the client. nullopt: the session is ending.
asio::awaitable<std::optional<std::string>> sasl_response(Session& s, std::string_view challenge) {
  s.send(fmt::format("+ {}\r\n", challenge));
  std::string line;
  auto status = co_await s.read_continuation(line, false);
  if (status != net::ReadStatus::ok) co_return std::nullopt;
  co_return line;
}

// An exchange that ended without credentials, in IMAP's words.
Reply refusal(const auth::SaslStep& step) {
  if (std::holds_alternative<auth::SaslCancelled>(step)) return bad("AUTHENTICATE cancelled");
  switch (std::get<auth::SaslFailure>(step).error) {
    case auth::SaslError::unknown_mechanism: return no("Unsupported authentication mechanism", "CANNOT");
    case auth::SaslError::too_long: return bad("Authentication response too long");
    case auth::SaslError::malformed_plain: return bad("Malformed PLAIN response (RFC 4616)");
    case auth::SaslError::malformed_username:
    case auth::SaslError::malformed_password: return bad("Malformed LOGIN response (base64 expected)");
    case auth::SaslError::foreign_authzid:  // we authorize nobody to act as someone else
      return no("Authorization identity must be empty or the user itself", "AUTHORIZATIONFAILED");
  }
  return bad("AUTHENTICATE failed");
}

}  // namespace

asio::awaitable<Reply> on_starttls(Session& s, const Command&) {
  if (s.conn().is_tls()) co_return bad("TLS is already active");
  if (!s.conn().tls_available()) co_return no("TLS is not available on this server");
  // The handshake starts once this OK has gone out in the clear.
  s.start_tls_after_reply();
  co_return ok("Begin TLS negotiation now");
}

asio::awaitable<Reply> on_login(Session& s, const Command& c) {
  if (!s.conn().plaintext_auth_allowed()) co_return privacy_required();
  const auto& a = c.args<LoginArguments>();
  co_return co_await finish_login(s, a.user, a.password);
}

asio::awaitable<Reply> on_authenticate(Session& s, const Command& c) {
  const auto& a = c.args<AuthenticateArguments>();
  if (!auth::SaslExchange::supported(a.mechanism))
    co_return no(fmt::format("Unsupported authentication mechanism {}", printable(a.mechanism)), "CANNOT");
  if (!s.conn().plaintext_auth_allowed()) co_return privacy_required();

  // RFC 4959 section 3: "=" is an empty initial response (the exchange reads it so).
  auth::SaslExchange exchange(a.mechanism, a.initial_response);
  auto step = exchange.start();
  while (auto* challenge = std::get_if<auth::SaslChallenge>(&step)) {
    auto response = co_await sasl_response(s, challenge->base64);
    if (!response) co_return bad("AUTHENTICATE aborted");
    step = exchange.step(*response);
  }
  auto* credentials = std::get_if<auth::Credentials>(&step);
  if (!credentials) co_return refusal(step);
  co_return co_await finish_login(s, credentials->username, credentials->password);
}

}  // namespace carteiro::imap::commands
