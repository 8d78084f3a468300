#pragma once
// The messages a command's sequence set names, for FETCH, STORE, COPY and MOVE.
#include <cstdint>
#include <optional>
#include <vector>

#include "carteiro/imap/selected_mailbox.hpp"

namespace carteiro::imap::commands {

struct Target {
  std::uint32_t seq;
  std::int64_t uid;
};

struct Targets {
  std::vector<Target> messages;   // ascending; without the ones already expunged
  bool some_expunged = false;     // the set named messages another session expunged
};

// nullopt: a sequence number above EXISTS (the reply is BAD).
std::optional<Targets> resolve_targets(const SelectedMailbox& mailbox, const SequenceSet& set, bool uid);

inline constexpr const char* kInvalidSequence = "Invalid message sequence number: the mailbox has fewer messages";

}  // namespace carteiro::imap::commands
