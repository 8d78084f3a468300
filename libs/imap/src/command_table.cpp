#include "command_table.hpp"

#include "commands/commands.hpp"

namespace carteiro::imap {

namespace {
using namespace commands;

constexpr CommandSpec kCommands[] = {
    // RFC 3501 section 6.1: any state
    {"CAPABILITY", false, on_capability, kAnyState, 0},
    {"NOOP", false, on_noop, kAnyState, 0},
    {"LOGOUT", false, on_logout, kAnyState, 0},
    {"ID", false, on_id, kAnyState, 0},                       // RFC 2971
    // section 6.2: not authenticated
    {"STARTTLS", false, on_starttls, kNotAuthenticated, 0},
    {"AUTHENTICATE", false, on_authenticate, kNotAuthenticated, 0},
    {"LOGIN", false, on_login, kNotAuthenticated, 0},
    // section 6.3: authenticated (and selected)
    {"ENABLE", false, on_enable, kAuthenticated, 0},          // RFC 5161: before SELECT
    {"SELECT", false, on_select, kLoggedIn, 0},
    {"EXAMINE", false, on_examine, kLoggedIn, 0},
    {"CREATE", false, on_create, kLoggedIn, 0},
    {"DELETE", false, on_delete, kLoggedIn, 0},
    {"RENAME", false, on_rename, kLoggedIn, 0},
    {"SUBSCRIBE", false, on_subscribe, kLoggedIn, 0},
    {"UNSUBSCRIBE", false, on_unsubscribe, kLoggedIn, 0},
    {"LIST", false, on_list, kLoggedIn, 0},
    {"LSUB", false, on_lsub, kLoggedIn, 0},
    {"STATUS", false, on_status, kLoggedIn, 0},
    {"APPEND", false, on_append, kLoggedIn, 0},
    {"NAMESPACE", false, on_namespace, kLoggedIn, 0},         // RFC 2342
    {"IDLE", false, on_idle, kLoggedIn, 0},                   // RFC 2177
    {"GETQUOTAROOT", false, on_getquotaroot, kLoggedIn, 0},   // RFC 9208
    {"GETQUOTA", false, on_getquota, kLoggedIn, 0},
    {"SETQUOTA", false, on_setquota, kLoggedIn, 0},
    // section 6.4: selected
    {"CHECK", false, on_check, kSelected, 0},
    {"CLOSE", false, on_close, kSelected, 0},
    {"UNSELECT", false, on_unselect, kSelected, 0},           // RFC 3691
    {"EXPUNGE", false, on_expunge, kSelected, 0},
    {"EXPUNGE", true, on_expunge, kSelected, 0},              // RFC 4315
    {"SEARCH", false, on_search, kSelected, kNoExpunge},
    {"SEARCH", true, on_search, kSelected, 0},
    {"FETCH", false, on_fetch, kSelected, kNoExpunge},
    {"FETCH", true, on_fetch, kSelected, 0},
    {"STORE", false, on_store, kSelected, kNoExpunge},
    {"STORE", true, on_store, kSelected, 0},
    {"COPY", false, on_copy, kSelected, 0},
    {"COPY", true, on_copy, kSelected, 0},
    {"MOVE", false, on_move, kSelected, 0},                   // RFC 6851
    {"MOVE", true, on_move, kSelected, 0},
};
}  // namespace

const CommandSpec* find_command(std::string_view name, bool uid) {
  for (const auto& c : kCommands)
    if (c.name == name && c.uid == uid) return &c;
  return nullptr;
}

}  // namespace carteiro::imap
