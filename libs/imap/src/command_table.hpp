#pragma once
// The IMAP command table: which handler, in which states, with which flags. The
// dispatcher (session.cpp) checks the state once; the handlers check arguments.
#include <asio/awaitable.hpp>

#include <string_view>

#include "carteiro/imap/command.hpp"
#include "carteiro/net/command_table.hpp"
#include "session.hpp"

namespace carteiro::imap {

using Handler = asio::awaitable<Reply> (*)(Session&, const Command&);

// The states a command is allowed in, as bits of net::state_bit.
inline constexpr unsigned kNotAuthenticated = net::state_bit(State::not_authenticated);
inline constexpr unsigned kAuthenticated = net::state_bit(State::authenticated);
inline constexpr unsigned kSelected = net::state_bit(State::selected);
inline constexpr unsigned kAnyState = kNotAuthenticated | kAuthenticated | kSelected;
inline constexpr unsigned kLoggedIn = kAuthenticated | kSelected;

// Flags of a command in the table.
enum CommandFlag : unsigned {
  // RFC 3501 section 7.4.1: no EXPUNGE response while a FETCH, STORE or SEARCH (by
  // sequence number) runs, since the client's numbers would shift under it.
  kNoExpunge = 1u << 0,
};

struct CommandSpec {
  std::string_view name;
  bool uid;          // the "UID ..." form
  Handler handler;
  unsigned states;   // bit set of net::state_bit(State::...) where it is allowed
  unsigned flags;    // CommandFlag bits
};

const CommandSpec* find_command(std::string_view name, bool uid);

}  // namespace carteiro::imap
