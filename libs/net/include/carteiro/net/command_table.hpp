#pragma once
// The shape every protocol's command table has (SMTP, POP3, IMAP, and those to come): a
// row per command with its handler, the session states it is allowed in as a set of state
// bits, and flags of the protocol's own (allowed before STARTTLS, must follow USER, ...).
// The session's dispatcher finds the row and checks it in one place, its refusal(), before
// the handler runs; handlers are named on_<command>.
namespace carteiro::net {

// STATE as a bit, for a row's set of states; STATE is an enum of the session's states.
template <class State>
constexpr unsigned state_bit(State state) {
  return 1u << static_cast<unsigned>(state);
}

template <class State, class... More>
constexpr unsigned state_bits(State state, More... more) {
  return (state_bit(state) | ... | state_bit(more));
}

template <class State>
constexpr bool allowed_in(unsigned states, State state) {
  return (states & state_bit(state)) != 0;
}

}  // namespace carteiro::net
