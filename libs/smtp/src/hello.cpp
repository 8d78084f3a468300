// HELO, EHLO, STARTTLS, RSET, NOOP, QUIT, HELP, TURN.
#include <fmt/format.h>

#include "carteiro/common/log.hpp"
#include "carteiro/smtpwire/ehlo.hpp"
#include "carteiro/smtpwire/mt_priority.hpp"
#include "session.hpp"

namespace carteiro::smtp {

// RFC 5321 section 4.1.1.1: HELO/EHLO SP domain. Anything non-empty is accepted (a human
// typing, or a client behind NAT naming itself oddly); it only goes into Received:.
asio::awaitable<void> Session::on_helo(const CommandLine& c) {
  if (c.argument.empty()) {
    reply(kBadArguments, "Syntax: HELO hostname");
    co_return;
  }
  reset_transaction();
  helo_ = std::string(c.argument);
  extended_ = false;
  enter_state(State::greeted);
  reply(kHelloOk, ctx_.config.hostname);
}

// RFC 5321 section 4.1.1.1 and the extensions of RFC 1869: one keyword per line, each
// RFC's keyword written by smtpwire::ehlo_keywords.
asio::awaitable<void> Session::on_ehlo(const CommandLine& c) {
  if (c.argument.empty()) {
    reply(kBadArguments, "Syntax: EHLO hostname");
    co_return;
  }
  reset_transaction();
  helo_ = std::string(c.argument);
  extended_ = true;
  enter_state(State::greeted);
  Extensions offered{.pipelining = true,
                     .size = true,
                     .size_limit = limits().max_message_size,
                     .eight_bit_mime = true,
                     .enhanced_status_codes = true,
                     .smtputf8 = true,
                     .chunking = true,
                     .starttls = conn_->tls_available() && !conn_->is_tls(),
                     .help = true,
                     .mt_priority = true,
                     .priority_policy = std::string(kPriorityPolicy)};
  // RFC 4954: offered only where a password may be sent (TLS, loopback, lab profile).
  if (submission() && !account_ && conn_->plaintext_auth_allowed()) offered.auth = {"PLAIN", "LOGIN"};
  std::vector<std::string> lines{ctx_.config.hostname};
  for (auto& keyword : ehlo_keywords(offered)) lines.push_back(std::move(keyword));
  reply_lines(kHelloOk, lines);
}

// RFC 3207: "220 Ready", the handshake, then a fresh session: the client must EHLO again,
// and nothing it said or was told before (EHLO, AUTH, buffered commands) counts.
asio::awaitable<void> Session::on_starttls(const CommandLine& c) {
  if (!c.argument.empty()) {
    reply(kBadArguments, "Syntax: STARTTLS");
    co_return;
  }
  if (conn_->is_tls()) {
    reply(kBadSequence, "TLS already active");
    co_return;
  }
  if (!conn_->tls_available()) {
    reply(kTlsUnavailable);
    co_return;
  }
  reply(kReadyForTls);
  bool flushed = co_await conn_->flush();
  bool secured = flushed && co_await conn_->start_tls();
  if (!secured) {
    enter_state(State::closing);
    co_return;
  }
  tx_.reset();
  helo_.clear();
  extended_ = false;
  account_.reset();
  enter_state(State::connected);
}

asio::awaitable<void> Session::on_rset(const CommandLine& c) {
  (void)c;
  reset_transaction();
  reply(kResetOk);
  co_return;
}

// RFC 5321 section 4.1.1.9: NOOP may carry a string, which is ignored.
asio::awaitable<void> Session::on_noop(const CommandLine& c) {
  (void)c;
  reply(kOk);
  co_return;
}

asio::awaitable<void> Session::on_quit(const CommandLine& c) {
  (void)c;
  reply(kClosing, fmt::format("{} {}", kClosing.text, ctx_.config.hostname));
  enter_state(State::closing);
  co_return;
}

asio::awaitable<void> Session::on_help(const CommandLine& c) {
  (void)c;
  reply_lines(kHelp, {"Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY EXPN HELP STARTTLS AUTH",
                      "See RFC 5321; to send mail: MAIL FROM:<you@example.org>, RCPT TO:<user@domain>, DATA",
                      "End of HELP"});
  co_return;
}

// TURN (RFC 821) would let any client take over the connection as a server: never.
asio::awaitable<void> Session::on_turn(const CommandLine& c) {
  (void)c;
  reply(kNotImplemented, "TURN not implemented (obsolete and unsafe)");
  co_return;
}

}  // namespace carteiro::smtp
