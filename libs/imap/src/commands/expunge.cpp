// EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes the
// messages flagged \Deleted (UID EXPUNGE: only those in the set) and reports each one.
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"

#include <algorithm>

namespace carteiro::imap::commands {

asio::awaitable<Reply> on_expunge(Session& s, const Command& c) {
  auto& mailbox = s.selected();
  if (mailbox.read_only()) co_return no("The mailbox is read-only (EXAMINE)", "READ-ONLY");
  std::optional<std::vector<std::int64_t>> only;
  if (c.uid) {
    auto seqs = mailbox.resolve(c.args<UidExpungeArguments>().set, true);
    only.emplace();
    for (auto seq : *seqs) only->push_back(mailbox.uid_at(seq));
  }
  auto mailbox_id = mailbox.id();
  auto remove = [mailbox_id, &only](store::WriteTx& tx) {
    auto uids = store::imap::deleted_uids(tx.db, mailbox_id);
    if (only) std::erase_if(uids, [&](std::int64_t uid) { return !std::binary_search(only->begin(), only->end(), uid); });
    store::messages::expunge(tx.db, mailbox_id, uids);
    if (!uids.empty()) tx.touch(mailbox_id);
  };
  co_await s.store().write(remove);
  co_await s.report_changes(true, true);
  co_return ok(c.uid ? "UID EXPUNGE completed" : "EXPUNGE completed");
}

}  // namespace carteiro::imap::commands
