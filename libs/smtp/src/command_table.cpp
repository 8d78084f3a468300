// The SMTP command table: which handler, in which states, with which flags. The
// dispatcher (session.cpp) checks state and flags once; the handlers check arguments.
#include <array>

#include "session.hpp"

namespace carteiro::smtp {

namespace {
using net::state_bits;
constexpr unsigned kAnyState = state_bits(State::connected, State::greeted, State::mail, State::rcpt);
// MAIL before HELO is accepted, as Postfix does by default (smtpd_helo_required = no).
constexpr unsigned kNoTransaction = state_bits(State::connected, State::greeted);
constexpr unsigned kInTransaction = state_bits(State::mail, State::rcpt);
}  // namespace

const CommandSpec* Session::find_command(Verb verb) {
  // RFC 2920 section 3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP end a group;
  // STARTTLS (RFC 3207 section 4.2) and AUTH (RFC 4954 section 4) too.
  static const std::array<CommandSpec, 15> table{{
      {Verb::helo, &Session::on_helo, kAnyState, kPreTls | kEndsGroup, ""},
      {Verb::ehlo, &Session::on_ehlo, kAnyState, kPreTls | kEndsGroup, ""},
      {Verb::starttls, &Session::on_starttls, kNoTransaction, kPreTls | kEndsGroup, "STARTTLS not allowed in a mail transaction"},
      {Verb::auth, &Session::on_auth, kNoTransaction, kEndsGroup, "AUTH not allowed in a mail transaction"},
      {Verb::mail, &Session::on_mail, kNoTransaction, kNeedsAuth, "Nested MAIL command"},
      {Verb::rcpt, &Session::on_rcpt, kInTransaction, kNeedsAuth, "Need MAIL command first"},
      {Verb::data, &Session::on_data, kInTransaction, kNeedsAuth | kEndsGroup, "Need MAIL and RCPT commands first"},
      {Verb::bdat, &Session::on_bdat, kInTransaction, kNeedsAuth | kCarriesPayload, "Need MAIL and RCPT commands first"},
      {Verb::rset, &Session::on_rset, kAnyState, kPreTls, ""},
      {Verb::noop, &Session::on_noop, kAnyState, kPreTls | kEndsGroup, ""},
      {Verb::quit, &Session::on_quit, kAnyState, kPreTls | kEndsGroup, ""},
      {Verb::vrfy, &Session::on_vrfy, kAnyState, kEndsGroup, ""},
      {Verb::expn, &Session::on_expn, kAnyState, kEndsGroup, ""},
      {Verb::help, &Session::on_help, kAnyState, kPreTls | kEndsGroup, ""},
      {Verb::turn, &Session::on_turn, kAnyState, kPreTls | kEndsGroup, ""},
  }};
  for (auto& spec : table)
    if (spec.verb == verb) return &spec;
  return nullptr;
}

}  // namespace carteiro::smtp
