#include "command_table.hpp"

#include "commands/commands.hpp"

namespace carteiro::imap {

namespace {
using namespace commands;

constexpr CommandSpec kCommands[] = {
    // RFC 3501 section 6.1: any state
    {"CAPABILITY", false, kAnyState, on_capability},
    {"NOOP", false, kAnyState, on_noop},
    {"LOGOUT", false, kAnyState, on_logout},
    {"ID", false, kAnyState, on_id},                       // RFC 2971
    // section 6.2: not authenticated
    {"STARTTLS", false, kNotAuthenticated, on_starttls},
    {"AUTHENTICATE", false, kNotAuthenticated, on_authenticate},
    {"LOGIN", false, kNotAuthenticated, on_login},
    // section 6.3: authenticated (and selected)
    {"ENABLE", false, kAuthenticated, on_enable},          // RFC 5161: before SELECT
    {"SELECT", false, kLoggedIn, on_select},
    {"EXAMINE", false, kLoggedIn, on_examine},
    {"CREATE", false, kLoggedIn, on_create},
    {"DELETE", false, kLoggedIn, on_delete},
    {"RENAME", false, kLoggedIn, on_rename},
    {"SUBSCRIBE", false, kLoggedIn, on_subscribe},
    {"UNSUBSCRIBE", false, kLoggedIn, on_unsubscribe},
    {"LIST", false, kLoggedIn, on_list},
    {"LSUB", false, kLoggedIn, on_lsub},
    {"STATUS", false, kLoggedIn, on_status},
    {"APPEND", false, kLoggedIn, on_append},
    {"NAMESPACE", false, kLoggedIn, on_namespace},        // RFC 2342
    {"IDLE", false, kLoggedIn, on_idle},                   // RFC 2177
    {"GETQUOTAROOT", false, kLoggedIn, on_getquotaroot},   // RFC 9208
    {"GETQUOTA", false, kLoggedIn, on_getquota},
    {"SETQUOTA", false, kLoggedIn, on_setquota},
    // section 6.4: selected
    {"CHECK", false, kSelected, on_check},
    {"CLOSE", false, kSelected, on_close},
    {"UNSELECT", false, kSelected, on_unselect},           // RFC 3691
    {"EXPUNGE", false, kSelected, on_expunge},
    {"EXPUNGE", true, kSelected, on_expunge},              // RFC 4315
    {"SEARCH", false, kSelected, on_search, false},
    {"SEARCH", true, kSelected, on_search},
    {"FETCH", false, kSelected, on_fetch, false},
    {"FETCH", true, kSelected, on_fetch},
    {"STORE", false, kSelected, on_store, false},
    {"STORE", true, kSelected, on_store},
    {"COPY", false, kSelected, on_copy},
    {"COPY", true, kSelected, on_copy},
    {"MOVE", false, kSelected, on_move},                   // RFC 6851
    {"MOVE", true, kSelected, on_move},
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
