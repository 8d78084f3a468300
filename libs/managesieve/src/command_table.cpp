// The ManageSieve command table: which handler, in which states. The dispatcher
// (session.cpp) checks the state once; the handlers check their arguments.
#include <array>

#include "session.hpp"

namespace carteiro::managesieve {

namespace {
using net::state_bit;
constexpr unsigned kNonAuthenticated = state_bit(State::non_authenticated);
constexpr unsigned kAuthenticated = state_bit(State::authenticated);
constexpr unsigned kEitherState = kNonAuthenticated | kAuthenticated;
}  // namespace

// RFC 5804 section 2: AUTHENTICATE and STARTTLS only before login (2.1, 2.2), the script
// commands only after it (2.3-2.12), UNAUTHENTICATE (2.14) to go back.
const CommandSpec* Session::find_command(std::string_view name) {
  static constexpr std::array<CommandSpec, 14> kTable{{
      {"AUTHENTICATE", &Session::on_authenticate, kNonAuthenticated},
      {"STARTTLS", &Session::on_starttls, kNonAuthenticated},
      {"CAPABILITY", &Session::on_capability, kEitherState},
      {"NOOP", &Session::on_noop, kEitherState},
      {"LOGOUT", &Session::on_logout, kEitherState},
      {"UNAUTHENTICATE", &Session::on_unauthenticate, kAuthenticated},
      {"HAVESPACE", &Session::on_havespace, kAuthenticated},
      {"PUTSCRIPT", &Session::on_putscript, kAuthenticated},
      {"CHECKSCRIPT", &Session::on_checkscript, kAuthenticated},
      {"LISTSCRIPTS", &Session::on_listscripts, kAuthenticated},
      {"SETACTIVE", &Session::on_setactive, kAuthenticated},
      {"GETSCRIPT", &Session::on_getscript, kAuthenticated},
      {"DELETESCRIPT", &Session::on_deletescript, kAuthenticated},
      {"RENAMESCRIPT", &Session::on_renamescript, kAuthenticated},
  }};
  for (const auto& spec : kTable)
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace carteiro::managesieve
