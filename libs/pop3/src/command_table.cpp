// The POP3 command table: which handler, in which states, with which flags. The
// dispatcher (session.cpp) checks state and flags once; the handlers check arguments.
#include <array>

#include "session.hpp"

namespace carteiro::pop3 {

namespace {
using net::state_bit;
constexpr unsigned kAuthorization = state_bit(State::authorization);
constexpr unsigned kTransaction = state_bit(State::transaction);
constexpr unsigned kEitherState = kAuthorization | kTransaction;
}  // namespace

// RFC 1939 sections 4-7: which commands each state accepts (CAPA: RFC 2449 section 5,
// STLS: RFC 2595 section 4, AUTH: RFC 5034 section 4). UPDATE accepts nothing: it is
// entered by QUIT and the session ends there.
const CommandSpec* Session::find_command(Verb verb) {
  static constexpr std::array<CommandSpec, 15> kTable{{
      {Verb::user, &Session::on_user, kAuthorization, 0},
      {Verb::pass, &Session::on_pass, kAuthorization, kFollowsUser},
      {Verb::apop, &Session::on_apop, kAuthorization, 0},
      {Verb::auth, &Session::on_auth, kAuthorization, 0},
      {Verb::stls, &Session::on_stls, kAuthorization, 0},
      {Verb::capa, &Session::on_capa, kEitherState, 0},
      {Verb::quit, &Session::on_quit, kEitherState, 0},
      {Verb::stat, &Session::on_stat, kTransaction, 0},
      {Verb::list, &Session::on_list, kTransaction, 0},
      {Verb::uidl, &Session::on_uidl, kTransaction, 0},
      {Verb::retr, &Session::on_retr, kTransaction, 0},
      {Verb::top, &Session::on_top, kTransaction, 0},
      {Verb::dele, &Session::on_dele, kTransaction, 0},
      {Verb::noop, &Session::on_noop, kTransaction, 0},
      {Verb::rset, &Session::on_rset, kTransaction, 0},
  }};
  for (const auto& spec : kTable)
    if (spec.verb == verb) return &spec;
  return nullptr;
}

}  // namespace carteiro::pop3
