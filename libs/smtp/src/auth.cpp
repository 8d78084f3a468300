// AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, on submission only.
#include <fmt/format.h>

#include <variant>

#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {
constexpr FixedReply kCannotDecode{501, "5.5.2", "Cannot decode response"};
constexpr FixedReply kAuthLineTooLong{500, "5.5.6", "Authentication Exchange line is too long"};

// A failed exchange in SMTP's words (RFC 4954 sections 4 and 6).
FixedReply failure_reply(auth::SaslError error) {
  switch (error) {
    case auth::SaslError::unknown_mechanism: return kUnknownMechanism;
    case auth::SaslError::too_long: return kAuthLineTooLong;
    case auth::SaslError::foreign_authzid: return kAuthFailed;  // acting for others is not offered
    case auth::SaslError::malformed_plain:
    case auth::SaslError::malformed_username:
    case auth::SaslError::malformed_password: break;
  }
  return kCannotDecode;
}
}  // namespace

// The exchange in SMTP's framing: each challenge a "334" reply, each response one line
// (RFC 4954 section 4). nullopt: cancelled or refused (replied), or the session ended.
asio::awaitable<std::optional<auth::Credentials>> Session::sasl_exchange(auth::SaslExchange& exchange) {
  auto step = exchange.start();
  while (auto* challenge = std::get_if<auth::SaslChallenge>(&step)) {
    reply(kAuthChallenge, challenge->base64);
    net::Line line;
    bool read = co_await read_line(line, kMaxCommandLine);
    if (!read) co_return std::nullopt;
    step = exchange.step(line.text);
  }
  if (auto* credentials = std::get_if<auth::Credentials>(&step)) co_return std::move(*credentials);
  if (auto* failure = std::get_if<auth::SaslFailure>(&step)) {
    reply(failure_reply(failure->error));
  } else {
    reply(kAuthCancelled);
  }
  co_return std::nullopt;
}

// RFC 4954 section 4: AUTH mechanism [initial-response].
asio::awaitable<void> Session::on_auth(const CommandLine& c) {
  if (!submission()) {
    reply(kNotImplemented, "AUTH is offered on the submission port");
    co_return;
  }
  if (state_ == State::connected) {
    reply(kBadSequence, "Send EHLO first");
    co_return;
  }
  if (account_) {
    reply(kBadSequence, "Already authenticated");
    co_return;
  }
  if (!conn_->plaintext_auth_allowed()) {
    reply(kEncryptionRequired);
    co_return;
  }
  auto space = c.argument.find(' ');
  std::string_view mechanism = c.argument.substr(0, space);
  std::string_view initial = space == std::string_view::npos ? std::string_view() : trim(c.argument.substr(space + 1));
  // Nothing after the mechanism: no initial response (an empty one is sent as "=").
  auth::SaslExchange exchange(mechanism, initial.empty() ? std::nullopt : std::optional(initial));
  auto credentials = co_await sasl_exchange(exchange);
  if (!credentials || state_ == State::closing) co_return;
  auto attempt = ctx_.auth.login(auth::Protocol::smtp, credentials->username, credentials->password, conn_->info().peer);
  auto login = co_await std::move(attempt);
  switch (login.result) {
    case auth::LoginResult::ok:
      account_ = std::move(login.account);
      conn_->mark_logged_in();
      log::info("[{}] authenticated as {}", conn_->id(), account_->address);
      reply(kAuthOk);
      break;
    case auth::LoginResult::bad_credentials:
      reply(kAuthFailed);
      break;
    case auth::LoginResult::blocked:
      reply(kTemporaryAuthFailure, "Too many failed logins from your address; try again later");
      break;
    case auth::LoginResult::temporary_failure:
      reply(kTemporaryAuthFailure);
      break;
  }
}

}  // namespace carteiro::smtp
