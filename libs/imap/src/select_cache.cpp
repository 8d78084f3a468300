#include "select_cache.hpp"

namespace carteiro::imap {

std::optional<MailboxSnapshot> SelectCache::find(std::int64_t mailbox_id, std::int64_t uidvalidity,
                                                 std::int64_t highestmodseq) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(mailbox_id);
  if (it == entries_.end() || it->second.uidvalidity != uidvalidity || it->second.highestmodseq != highestmodseq)
    return std::nullopt;
  return it->second;
}

void SelectCache::remember(std::int64_t mailbox_id, const MailboxSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.count(mailbox_id)) entries_.clear();
  entries_[mailbox_id] = snapshot;
}

}  // namespace carteiro::imap
