// AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, on submission only.
#include <fmt/format.h>

#include "carteiro/auth/sasl.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {
constexpr FixedReply kCannotDecode{501, "5.5.2", "Cannot decode response"};
}  // namespace

// PLAIN: the credentials in the initial response, or after an empty 334 challenge.
// RFC 4954 section 4: "=" is an empty initial response; "*" cancels.
asio::awaitable<std::optional<auth::Credentials>> Session::sasl_plain(std::string_view initial) {
  std::string response(initial);
  if (initial.empty()) {
    reply(kAuthChallenge, "");
    net::Line line;
    if (!co_await read_line(line, kMaxCommandLine)) co_return std::nullopt;
    response = line.text;
  } else if (initial == "=") {
    response.clear();
  }
  if (response == "*") {
    reply(kAuthCancelled);
    co_return std::nullopt;
  }
  auto credentials = auth::decode_plain(response);
  if (!credentials) reply(kCannotDecode);
  co_return credentials;
}

// LOGIN: user name and password each after their own 334 prompt (the user name may come
// as the initial response).
asio::awaitable<std::optional<auth::Credentials>> Session::sasl_login(std::string_view initial) {
  auth::Credentials credentials;
  std::string steps[2];
  std::size_t first = 0;
  if (!initial.empty()) {
    steps[0] = std::string(initial);
    first = 1;
  }
  for (std::size_t i = first; i < 2; ++i) {
    reply(kAuthChallenge, i == 0 ? auth::kLoginUsernamePrompt : auth::kLoginPasswordPrompt);
    net::Line line;
    if (!co_await read_line(line, kMaxCommandLine)) co_return std::nullopt;
    steps[i] = line.text;
  }
  for (auto& step : steps) {
    if (step == "*") {
      reply(kAuthCancelled);
      co_return std::nullopt;
    }
  }
  auto user = auth::decode_login_step(steps[0]);
  auto password = auth::decode_login_step(steps[1]);
  if (!user || !password) {
    reply(kCannotDecode);
    co_return std::nullopt;
  }
  credentials.username = std::move(*user);
  credentials.password = std::move(*password);
  co_return credentials;
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
  std::optional<auth::Credentials> credentials;
  if (iequals(mechanism, "PLAIN")) {
    credentials = co_await sasl_plain(initial);
  } else if (iequals(mechanism, "LOGIN")) {
    credentials = co_await sasl_login(initial);
  } else {
    reply(kUnknownMechanism);
    co_return;
  }
  if (!credentials || state_ == State::closing) co_return;
  // PLAIN's authorization identity: only the user itself (no acting for others).
  if (!credentials->authzid.empty() && credentials->authzid != credentials->username) {
    reply(kAuthFailed);
    co_return;
  }
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
