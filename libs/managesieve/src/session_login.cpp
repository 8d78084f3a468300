// Logging in and out (RFC 5804 sections 2.1, 2.2, 2.4, 2.11, 2.13, 2.14) and the
// capabilities (section 1.7). The login rules are IMAP's: a password only over TLS, from
// loopback or in the lab profile; the Authenticator throttles failures across sessions.
#include <fmt/format.h>

#include <variant>

#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/sieve/compile.hpp"
#include "session.hpp"

namespace carteiro::managesieve {

namespace {
// Failed logins in one session before it is closed.
constexpr unsigned kMaxLoginFailures = 3;

// An exchange that ended without credentials, in ManageSieve's words.
std::string_view refusal_text(const auth::SaslStep& step) {
  if (std::holds_alternative<auth::SaslCancelled>(step)) return "Authentication cancelled";
  return auth::describe(std::get<auth::SaslFailure>(step).error);
}
}  // namespace

void Session::send_capabilities() {
  auto capability = [this](std::string_view name, std::string_view value) {
    conn_->send(value.empty() && name != "SASL" ? fmt::format("{}\r\n", wire_string(name))
                                                : fmt::format("{} {}\r\n", wire_string(name), wire_string(value)));
  };
  capability("IMPLEMENTATION", "Carteiro");
  // Mechanisms are offered only where a password may be sent (an empty list otherwise).
  capability("SASL", state_ == State::non_authenticated && conn_->plaintext_auth_allowed() ? "PLAIN LOGIN" : "");
  std::string extensions;
  for (auto e : sieve::supported_extensions()) extensions += (extensions.empty() ? "" : " ") + std::string(e);
  capability("SIEVE", extensions);
  if (state_ == State::non_authenticated && conn_->tls_available() && !conn_->is_tls()) capability("STARTTLS", "");
  capability("MAXREDIRECTS", std::to_string(context_.config.sieve.max_redirects));
  if (account_) capability("OWNER", account_->address);
  capability("UNAUTHENTICATE", "");
  capability("VERSION", "1.0");
  ok(code::kNone, "Carteiro ManageSieve ready");
}

asio::awaitable<void> Session::on_capability(const Arguments& args) {
  if (!expect_strings(args, 0, 0, "CAPABILITY takes no arguments")) co_return;
  send_capabilities();
}

asio::awaitable<void> Session::on_noop(const Arguments& args) {
  if (!expect_strings(args, 0, 1, "Usage: NOOP [\"tag\"]")) co_return;
  // RFC 5804 section 2.15: the tag comes back in a TAG response code.
  if (args.empty()) ok(code::kNone, "Done");
  else ok(fmt::format("(TAG {})", wire_string(args[0].text)), "Done");
}

asio::awaitable<void> Session::on_logout(const Arguments& args) {
  if (!expect_strings(args, 0, 0, "LOGOUT takes no arguments")) co_return;
  ok(code::kNone, "Logout completed");
  done_ = true;
}

asio::awaitable<void> Session::on_starttls(const Arguments& args) {
  if (!expect_strings(args, 0, 0, "STARTTLS takes no arguments")) co_return;
  if (conn_->is_tls()) {
    no(code::kNone, "TLS is already active");
    co_return;
  }
  if (!conn_->tls_available()) {
    no(code::kNone, "TLS is not available on this server");
    co_return;
  }
  ok(code::kNone, "Begin TLS negotiation now");
  bool sent = co_await conn_->flush();
  bool secured = false;
  if (sent) secured = co_await conn_->start_tls();
  if (!secured) {
    done_ = true;
    co_return;
  }
  // RFC 5804 section 2.2: the capabilities again, as they are over TLS; whatever was
  // pipelined behind STARTTLS has been dropped by the connection.
  send_capabilities();
}

asio::awaitable<void> Session::on_authenticate(const Arguments& args) {
  if (!expect_strings(args, 1, 2, "Usage: AUTHENTICATE \"PLAIN\" [\"initial response\"]")) co_return;
  const auto& mechanism = args[0].text;
  if (!auth::SaslExchange::supported(mechanism)) {
    no(code::kNone, auth::describe(auth::SaslError::unknown_mechanism));
    co_return;
  }
  // RFC 5804 section 2.1: ENCRYPT-NEEDED, the mechanism needs an encrypted connection.
  if (!conn_->plaintext_auth_allowed()) {
    no(code::kEncryptNeeded, "Plaintext authentication is disabled on this connection: use STARTTLS first");
    co_return;
  }
  // An initial response of "" stands for an empty one (RFC 5804 section 2.1).
  std::optional<std::string_view> initial;
  if (args.size() == 2) initial = args[1].text.empty() ? std::string_view("=") : std::string_view(args[1].text);
  auth::SaslExchange exchange(mechanism, initial);
  auto step = exchange.start();
  while (auto* challenge = std::get_if<auth::SaslChallenge>(&step)) {
    auto answer = co_await sasl_response(challenge->base64);
    if (!answer) co_return;
    step = exchange.step(*answer);
  }
  if (!std::holds_alternative<auth::Credentials>(step)) {
    no(code::kNone, refusal_text(step));
    co_return;
  }
  const auto& credentials = std::get<auth::Credentials>(step);
  auto attempt = context_.auth.login(auth::Protocol::managesieve, credentials.username, credentials.password,
                                     conn_->info().peer);
  auto login = co_await std::move(attempt);
  auto finishing = finish_login(std::move(login));
  co_await std::move(finishing);
}

// RFC 5804 section 2.1: the challenge as a string on a line of its own; the client answers
// with a string (quoted or a literal), "*" to cancel.
asio::awaitable<std::optional<std::string>> Session::sasl_response(std::string_view challenge) {
  conn_->send(fmt::format("{}\r\n", wire_string(challenge)));
  if (!co_await conn_->flush()) {
    done_ = true;
    co_return std::nullopt;
  }
  auto reading = read_request();
  auto request = co_await std::move(reading);
  if (!request) co_return std::nullopt;
  const auto& tokens = request->request().tokens;
  if (request->error() || tokens.size() != 1 || tokens[0].kind != Token::Kind::string) {
    // An answer that is not one string ends the exchange as a cancel would (section 2.1).
    co_return std::string("*");
  }
  co_return tokens[0].text;
}

asio::awaitable<void> Session::finish_login(auth::Login login) {
  if (login.result == auth::LoginResult::ok) {
    account_ = std::move(*login.account);
    conn_->mark_logged_in();
    conn_->set_idle_timeout(std::chrono::seconds(context_.config.managesieve.idle_timeout_s));
    enter_state(State::authenticated);
    log::info("[{}] managesieve: {} logged in from {}", conn_->id(), account_->address, conn_->info().peer_text());
    ok(code::kNone, "Logged in");
  } else if (login.result == auth::LoginResult::temporary_failure) {
    no(code::kTryLater, "Authentication is temporarily unavailable; try again later");
  } else if (login.result == auth::LoginResult::blocked) {
    no(code::kTryLater, "Too many failed logins from your address; try again later");
    done_ = true;
  } else if (++login_failures_ >= kMaxLoginFailures) {
    no(code::kNone, "Authentication failed");
    bye(code::kNone, "Too many failed logins; closing the connection");
    done_ = true;
  } else {
    no(code::kNone, "Authentication failed");
  }
  co_return;
}

asio::awaitable<void> Session::on_unauthenticate(const Arguments& args) {
  if (!expect_strings(args, 0, 0, "UNAUTHENTICATE takes no arguments")) co_return;
  // RFC 5804 section 2.14: back to the non-authenticated state, as if just connected.
  log::info("[{}] managesieve: {} unauthenticated", conn_->id(), account_->address);
  account_.reset();
  conn_->set_idle_timeout(std::chrono::seconds(context_.config.managesieve.login_timeout_s));
  enter_state(State::non_authenticated);
  ok(code::kNone, "Unauthenticate completed");
}

}  // namespace carteiro::managesieve
