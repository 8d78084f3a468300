#pragma once
// What SELECT needs of a mailbox (its UIDs, first unseen message, keywords), remembered per
// mailbox together with the UIDVALIDITY and HIGHESTMODSEQ it was read at. Every change to a
// mailbox (new message, flags, expunge) raises HIGHESTMODSEQ, and a mailbox created anew
// (even with a reused id) has a new UIDVALIDITY, so an entry matching both is exact;
// sessions selecting a mailbox one after another then skip reading it again.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "carteiro/imap/uid_map.hpp"

namespace carteiro::imap {

struct MailboxSnapshot {
  std::int64_t uidvalidity = 0;
  std::int64_t highestmodseq = 0;
  UidMap uids;
  std::optional<std::int64_t> first_unseen_uid;
  std::vector<std::string> keywords;
};

class SelectCache {
 public:
  std::optional<MailboxSnapshot> find(std::int64_t mailbox_id, std::int64_t uidvalidity,
                                      std::int64_t highestmodseq) const;
  void remember(std::int64_t mailbox_id, const MailboxSnapshot& snapshot);

 private:
  static constexpr std::size_t kMaxEntries = 1000;  // then the cache starts over
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, MailboxSnapshot> entries_;
};

}  // namespace carteiro::imap
