#pragma once
// The command table: name -> handler, the states it is allowed in, and whether untagged
// EXPUNGE may be sent while it runs. The session checks the state once, here.
#include <asio/awaitable.hpp>

#include <string_view>

#include "carteiro/imap/command.hpp"
#include "session.hpp"

namespace carteiro::imap {

using Handler = asio::awaitable<Reply> (*)(Session&, const Command&);

enum StateMask : unsigned {
  kNotAuthenticated = 1u << 0,
  kAuthenticated = 1u << 1,
  kSelected = 1u << 2,
  kAnyState = kNotAuthenticated | kAuthenticated | kSelected,
  kLoggedIn = kAuthenticated | kSelected,
};

struct CommandSpec {
  std::string_view name;
  bool uid;             // the "UID ..." form
  unsigned states;      // StateMask
  Handler handler;
  // RFC 3501 section 7.4.1: no EXPUNGE response while a FETCH, STORE or SEARCH (by
  // sequence number) runs, since the client's numbers would shift under it.
  bool expunge_allowed = true;
};

const CommandSpec* find_command(std::string_view name, bool uid);
unsigned state_mask(State state);

}  // namespace carteiro::imap
