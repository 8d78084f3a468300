#include "commands/message_set.hpp"

namespace carteiro::imap::commands {

std::optional<Targets> resolve_targets(const SelectedMailbox& mailbox, const SequenceSet& set, bool uid) {
  auto seqs = mailbox.resolve(set, uid);
  if (!seqs) return std::nullopt;
  Targets out;
  out.messages.reserve(seqs->size());
  for (auto seq : *seqs) {
    auto id = mailbox.uid_at(seq);
    if (mailbox.expunged(id))
      out.some_expunged = true;
    else
      out.messages.push_back(Target{seq, id});
  }
  return out;
}

}  // namespace carteiro::imap::commands
