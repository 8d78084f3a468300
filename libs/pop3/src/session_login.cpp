// AUTHORIZATION state: USER/PASS and APOP (RFC 1939 section 7), AUTH (RFC 5034),
// STLS (RFC 2595 section 4), CAPA (RFC 2449 section 5), and entering TRANSACTION.
#include <fmt/format.h>

#include <utility>
#include <variant>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/pop3/capabilities.hpp"
#include "carteiro/pop3/maildrop_loader.hpp"
#include "replies.hpp"
#include "session.hpp"

namespace carteiro::pop3 {

namespace {
// Failed logins in one session before it is closed (the Authenticator also slows down
// and then blocks the client's address across sessions).
constexpr unsigned kMaxLoginFailures = 3;
}  // namespace

bool Session::refuse_plaintext() {
  // RFC 2595 section 2.2 and RFC 8314: no cleartext password over an unprotected link
  // (loopback and the lab profile excepted by the connection).
  if (conn_->plaintext_auth_allowed()) return false;
  err(code::kAuth, conn_->tls_available() ? "Plaintext login is not allowed without TLS: use STLS first"
                                          : "Plaintext login is not allowed without TLS: use the POP3S port");
  return true;
}

asio::awaitable<void> Session::on_user(const Command& command) {
  if (refuse_plaintext()) co_return;
  user_ = command.name;
  // The same reply whether the account exists or not (no account enumeration).
  ok("Send your password");
}

asio::awaitable<void> Session::on_pass(const Command& command) {
  auto name = std::exchange(user_, std::nullopt);  // set by dispatch() from the USER before
  if (refuse_plaintext()) co_return;
  auto attempt = context_.auth.login(auth::Protocol::pop3, *name, command.secret, conn_->info().peer);
  auto login = co_await std::move(attempt);
  auto finishing = finish_login(std::move(login));
  co_await std::move(finishing);
}

asio::awaitable<void> Session::on_apop(const Command& command) {
  // Not a cleartext password: allowed on any connection (RFC 1939 section 7).
  auto attempt = context_.auth.apop(command.name, apop_timestamp_, command.secret, conn_->info().peer);
  auto login = co_await std::move(attempt);
  auto finishing = finish_login(std::move(login));
  co_await std::move(finishing);
}

asio::awaitable<void> Session::on_auth(const Command& command) {
  if (command.name.empty()) {
    // AUTH without a mechanism: the list of mechanisms (RFC 1734's clients still ask).
    if (refuse_plaintext()) co_return;
    ok("Methods supported:");
    for (auto mechanism : kSaslMechanisms) line(mechanism);
    end_multiline();
    co_return;
  }
  if (!auth::SaslExchange::supported(command.name)) {
    err(code::kNone, auth::describe(auth::SaslError::unknown_mechanism));
    co_return;
  }
  if (refuse_plaintext()) co_return;
  // The parser has already read "=" as an empty initial response (RFC 5034 section 4).
  auth::SaslExchange exchange(command.name, command.has_initial_response ? std::optional<std::string_view>(command.secret)
                                                                          : std::nullopt);
  auto step = exchange.start();
  while (auto* challenge = std::get_if<auth::SaslChallenge>(&step)) {
    auto response = co_await sasl_response(challenge->base64);
    if (!response) co_return;
    step = exchange.step(*response);
  }
  if (std::holds_alternative<auth::SaslCancelled>(step)) {
    err(code::kNone, "Authentication cancelled");
    co_return;
  }
  if (auto* failure = std::get_if<auth::SaslFailure>(&step)) {
    // Asking to act as another user is an authentication failure; the rest are syntax.
    err(failure->error == auth::SaslError::foreign_authzid ? code::kAuth : code::kNone, auth::describe(failure->error));
    co_return;
  }
  const auto& credentials = std::get<auth::Credentials>(step);
  auto attempt = context_.auth.login(auth::Protocol::pop3, credentials.username, credentials.password, conn_->info().peer);
  auto login = co_await std::move(attempt);
  auto finishing = finish_login(std::move(login));
  co_await std::move(finishing);
}

// RFC 5034 section 4: "+ " and a base64 challenge; the client answers with one line.
// nullopt: the session ended.
asio::awaitable<std::optional<std::string>> Session::sasl_response(std::string_view challenge) {
  conn_->send(fmt::format("+ {}\r\n", challenge));
  // Over the exchange's limit, so that it sees a line the reader cut short as too long.
  auto response = co_await read_continuation(auth::kMaxSaslResponse + 1);
  if (!response) co_return std::nullopt;
  co_return std::move(response->text);
}

bool Session::reject_login(const auth::Login& login) {
  if (login.result == auth::LoginResult::ok) return false;
  if (login.result == auth::LoginResult::bad_credentials) {
    if (++login_failures_ >= kMaxLoginFailures) {
      err(code::kAuth, "Authentication failed; too many failures, closing the connection");
      done_ = true;
    } else {
      err(code::kAuth, "Authentication failed");
    }
  } else if (login.result == auth::LoginResult::blocked) {
    err(code::kSysTemp, "Too many failed logins from your address; try again later");
    done_ = true;
  } else {
    err(code::kSysTemp, "Authentication is temporarily unavailable; try again later");
  }
  return true;
}

asio::awaitable<void> Session::finish_login(auth::Login login) {
  if (reject_login(login)) co_return;
  auto opening = open_maildrop(*login.account);
  if (co_await std::move(opening))
    log::info("[{}] pop3: {} logged in from {}, {} messages", conn_->id(), account_->address,
              conn_->info().peer_text(), maildrop_.count());
}

asio::awaitable<bool> Session::open_maildrop(const store::Account& account) {
  // The cap on sessions comes before the maildrop lock: over it, the client is told so
  // rather than that the maildrop is locked. RFC 2449 section 8.1.1: IN-USE says the
  // account is busy elsewhere; retrying later may work.
  auto slot = context_.sessions->try_acquire(account.id);
  if (!slot) {
    log::info("[{}] pop3: login {} refused: too many sessions", conn_->id(), account.address);
    err(code::kInUse, "Too many sessions for this account");
    co_return false;
  }
  // RFC 1939 section 8 and RFC 2449 section 8.1.1: one session per maildrop.
  auto guard = context_.locks->try_lock(account.id);
  if (!guard) {
    err(code::kInUse, "Mailbox is locked by another POP3 session");
    co_return false;
  }
  try {
    auto opening = load_maildrop(context_.store, account.id);
    maildrop_ = co_await std::move(opening);
  } catch (const std::exception& e) {
    log::error("[{}] pop3: opening the maildrop of {}: {}", conn_->id(), account.address, e.what());
    err(code::kSysTemp, "Cannot open the mailbox now; try again later");
    co_return false;
  }
  lock_.emplace(std::move(*guard));
  session_slot_.emplace(std::move(*slot));
  account_ = account;
  conn_->mark_logged_in();
  enter_state(State::transaction);
  ok(fmt::format("Logged in: {} messages ({} octets)", maildrop_.count(), maildrop_.octets()));
  co_return true;
}

asio::awaitable<void> Session::on_stls(const Command&) {
  if (conn_->is_tls()) {
    err(code::kNone, "Already using TLS");
    co_return;
  }
  if (!conn_->tls_available()) {
    err(code::kNone, "TLS is not available");
    co_return;
  }
  ok("Begin TLS negotiation");
  bool sent = co_await conn_->flush();
  bool secured = false;
  if (sent) secured = co_await conn_->start_tls();
  if (!secured) {
    done_ = true;  // RFC 2595 section 4: a failed negotiation ends the session
    co_return;
  }
  // The connection dropped whatever was pipelined behind STLS; the session has learned
  // nothing else before TLS (a USER is forgotten by dispatch()).
}

asio::awaitable<void> Session::on_capa(const Command&) {
  CapabilityContext context;
  context.authorization = state_ == State::authorization;
  context.plaintext_allowed = conn_->plaintext_auth_allowed();
  context.stls_available = conn_->tls_available() && !conn_->is_tls();
  ok("Capability list follows");
  for (const auto& capability : capabilities(context)) line(capability);
  end_multiline();
  co_return;
}

}  // namespace carteiro::pop3
