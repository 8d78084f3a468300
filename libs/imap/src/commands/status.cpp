// STATUS (RFC 3501 section 6.3.10), with HIGHESTMODSEQ (RFC 7162), SIZE (RFC 8438), DELETED
// and DELETED-STORAGE (RFC 9208).
#include <fmt/format.h>

#include "carteiro/imap/quota.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

asio::awaitable<Reply> on_status(Session& s, const Command& c) {
  const auto& a = c.args<StatusArguments>();
  auto account_id = s.account().id;
  auto& recent = s.context().recent;
  struct Found {
    std::optional<store::Mailbox> mailbox;
    store::imap::MailboxCounts counts;
  };
  auto query = [account_id, &a, &recent](store::Db& db) {
    store::imap::ReadSnapshot snapshot(db);
    Found f;
    f.mailbox = store::mailboxes::find(db, account_id, a.mailbox);
    if (f.mailbox && !f.mailbox->noselect)
      f.counts = store::imap::counts(db, f.mailbox->id, recent.claimed({f.mailbox->id, f.mailbox->uidvalidity}, f.mailbox->recent_uid));
    return f;
  };
  auto found = co_await s.store().read(query);
  if (!found.mailbox) co_return no(fmt::format("Mailbox {} does not exist", a.mailbox), "NONEXISTENT");
  const auto& m = *found.mailbox;
  if (m.noselect) co_return no(fmt::format("Mailbox {} has no status (\\Noselect)", a.mailbox), "CANNOT");
  std::string items;
  for (auto item : a.items) {
    if (!items.empty()) items += ' ';
    switch (item) {
      case StatusItem::messages: items += fmt::format("MESSAGES {}", found.counts.messages); break;
      case StatusItem::recent: items += fmt::format("RECENT {}", found.counts.above_uid); break;
      case StatusItem::uidnext: items += fmt::format("UIDNEXT {}", m.uidnext); break;
      case StatusItem::uidvalidity: items += fmt::format("UIDVALIDITY {}", m.uidvalidity); break;
      case StatusItem::unseen: items += fmt::format("UNSEEN {}", found.counts.unseen); break;
      case StatusItem::highestmodseq:
        items += fmt::format("HIGHESTMODSEQ {}", m.highestmodseq);
        s.enable_condstore();  // RFC 7162 section 3.1: a CONDSTORE enabling command
        break;
      case StatusItem::size: items += fmt::format("SIZE {}", found.counts.size); break;
      // RFC 9208: what an EXPUNGE would free, in STORAGE's units of 1024 octets.
      case StatusItem::deleted: items += fmt::format("DELETED {}", found.counts.deleted); break;
      case StatusItem::deleted_storage:
        items += fmt::format("DELETED-STORAGE {}", storage_units(found.counts.deleted_size));
        break;
    }
  }
  s.untagged(fmt::format("STATUS {} ({})", imap_string(m.name), items));
  co_return ok("STATUS completed");
}

}  // namespace carteiro::imap::commands
