#include "command_table.hpp"

#include "commands/commands.hpp"

namespace carteiro::imap {

namespace {
using namespace commands;

constexpr CommandSpec kCommands[] = {
    // RFC 3501 section 6.1: any state
    {"CAPABILITY", false, kAnyState, capability},
    {"NOOP", false, kAnyState, noop},
    {"LOGOUT", false, kAnyState, logout},
    {"ID", false, kAnyState, id},                       // RFC 2971
    // section 6.2: not authenticated
    {"STARTTLS", false, kNotAuthenticated, starttls},
    {"AUTHENTICATE", false, kNotAuthenticated, authenticate},
    {"LOGIN", false, kNotAuthenticated, login},
    // section 6.3: authenticated (and selected)
    {"ENABLE", false, kAuthenticated, enable},          // RFC 5161: before SELECT
    {"SELECT", false, kLoggedIn, select},
    {"EXAMINE", false, kLoggedIn, examine},
    {"CREATE", false, kLoggedIn, create},
    {"DELETE", false, kLoggedIn, delete_},
    {"RENAME", false, kLoggedIn, rename},
    {"SUBSCRIBE", false, kLoggedIn, subscribe},
    {"UNSUBSCRIBE", false, kLoggedIn, unsubscribe},
    {"LIST", false, kLoggedIn, list},
    {"LSUB", false, kLoggedIn, lsub},
    {"STATUS", false, kLoggedIn, status},
    {"APPEND", false, kLoggedIn, append},
    {"NAMESPACE", false, kLoggedIn, namespace_},        // RFC 2342
    {"IDLE", false, kLoggedIn, idle},                   // RFC 2177
    {"GETQUOTAROOT", false, kLoggedIn, getquotaroot},   // RFC 9208
    {"GETQUOTA", false, kLoggedIn, getquota},
    {"SETQUOTA", false, kLoggedIn, setquota},
    // section 6.4: selected
    {"CHECK", false, kSelected, check},
    {"CLOSE", false, kSelected, close},
    {"UNSELECT", false, kSelected, unselect},           // RFC 3691
    {"EXPUNGE", false, kSelected, expunge},
    {"EXPUNGE", true, kSelected, expunge},              // RFC 4315
    {"SEARCH", false, kSelected, search, false},
    {"SEARCH", true, kSelected, search},
    {"FETCH", false, kSelected, fetch, false},
    {"FETCH", true, kSelected, fetch},
    {"STORE", false, kSelected, store, false},
    {"STORE", true, kSelected, store},
    {"COPY", false, kSelected, copy},
    {"COPY", true, kSelected, copy},
    {"MOVE", false, kSelected, move},                   // RFC 6851
    {"MOVE", true, kSelected, move},
};
}  // namespace

const CommandSpec* find_command(std::string_view name, bool uid) {
  for (const auto& c : kCommands)
    if (c.name == name && c.uid == uid) return &c;
  return nullptr;
}

unsigned state_mask(State state) {
  switch (state) {
    case State::not_authenticated: return kNotAuthenticated;
    case State::authenticated: return kAuthenticated;
    case State::selected: return kSelected;
    case State::logout: return 0;
  }
  return 0;
}

}  // namespace carteiro::imap
