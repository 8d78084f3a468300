// The not authenticated state (RFC 3501 section 6.2): STARTTLS, LOGIN and AUTHENTICATE
// with PLAIN (RFC 4616) and LOGIN, initial responses per SASL-IR (RFC 4959).
#include <fmt/format.h>

#include "carteiro/auth/sasl.hpp"
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

// A SASL client response line; "*" cancels (RFC 3501 section 6.2.2). nullopt: the session
// is ending or the exchange was cancelled (then CANCELLED is set).
asio::awaitable<std::optional<std::string>> sasl_response(Session& s, std::string_view challenge, bool& cancelled) {
  s.send(fmt::format("+ {}\r\n", challenge));
  std::string line;
  auto status = co_await s.read_continuation(line, false);
  if (status != net::ReadStatus::ok) co_return std::nullopt;
  if (trim(line) == "*") {
    cancelled = true;
    co_return std::nullopt;
  }
  co_return std::string(trim(line));
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
  if (a.mechanism != "PLAIN" && a.mechanism != "LOGIN")
    co_return no(fmt::format("Unsupported authentication mechanism {}", printable(a.mechanism)), "CANNOT");
  if (!s.conn().plaintext_auth_allowed()) co_return privacy_required();

  bool cancelled = false;
  auto initial = a.initial_response;
  if (initial && *initial == "=") initial = "";  // RFC 4959 section 3: "=" is an empty response

  if (a.mechanism == "PLAIN") {
    if (!initial) {
      initial = co_await sasl_response(s, "", cancelled);
      if (!initial) co_return cancelled ? bad("AUTHENTICATE cancelled") : bad("AUTHENTICATE aborted");
    }
    auto credentials = auth::decode_plain(*initial);
    if (!credentials) co_return bad("Malformed PLAIN response (RFC 4616)");
    // We authorize nobody to act as someone else.
    if (!credentials->authzid.empty() && credentials->authzid != credentials->username)
      co_return no("Authorization identity must be empty or the user itself", "AUTHORIZATIONFAILED");
    co_return co_await finish_login(s, credentials->username, credentials->password);
  }

  // LOGIN: "Username:" then "Password:", each answered in base64.
  std::optional<std::string> user_b64 = initial;
  if (!user_b64 || user_b64->empty()) {
    user_b64 = co_await sasl_response(s, auth::kLoginUsernamePrompt, cancelled);
    if (!user_b64) co_return cancelled ? bad("AUTHENTICATE cancelled") : bad("AUTHENTICATE aborted");
  }
  auto user = auth::decode_login_step(*user_b64);
  if (!user) co_return bad("Malformed LOGIN response (base64 expected)");
  auto password_b64 = co_await sasl_response(s, auth::kLoginPasswordPrompt, cancelled);
  if (!password_b64) co_return cancelled ? bad("AUTHENTICATE cancelled") : bad("AUTHENTICATE aborted");
  auto password = auth::decode_login_step(*password_b64);
  if (!password) co_return bad("Malformed LOGIN response (base64 expected)");
  co_return co_await finish_login(s, *user, *password);
}

}  // namespace carteiro::imap::commands
