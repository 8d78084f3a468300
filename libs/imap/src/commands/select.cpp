// Opening and closing a mailbox: SELECT, EXAMINE (RFC 3501 sections 6.3.1-6.3.2), CHECK,
// CLOSE (6.4.1-6.4.2) and UNSELECT (RFC 3691).
#include <fmt/format.h>

#include "carteiro/imap/flags.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {

struct Opened {
  std::optional<store::Mailbox> mailbox;
  MailboxSnapshot snapshot;
};

asio::awaitable<Reply> open_mailbox(Session& s, const Command& c, bool read_only) {
  const auto& name = c.args<MailboxArguments>().mailbox;
  // Section 6.3.1: SELECT first closes the selected mailbox, even if it then fails.
  s.deselect();
  auto account_id = s.account().id;
  auto& cache = s.context().select_cache;
  auto query = [account_id, &name, &cache](store::Db& db) {
    store::imap::ReadSnapshot snapshot(db);
    Opened o;
    o.mailbox = store::mailboxes::find(db, account_id, name);
    if (!o.mailbox || o.mailbox->noselect) return o;
    const auto& m = *o.mailbox;
    if (auto cached = cache.find(m.id, m.uidvalidity, m.highestmodseq)) {
      o.snapshot = std::move(*cached);
      return o;
    }
    auto view = store::imap::mailbox_view(db, m.id);
    UidMap uids;
    for (const auto& run : view.uids)
      uids.push_run(static_cast<std::uint32_t>(run.first_uid), static_cast<std::uint32_t>(run.count));
    o.snapshot = MailboxSnapshot{m.uidvalidity, m.highestmodseq, std::move(uids), view.first_unseen_uid,
                                 std::move(view.keywords)};
    cache.remember(m.id, o.snapshot);
    return o;
  };
  auto opened = co_await s.store().read(query);
  if (!opened.mailbox) co_return no(fmt::format("Mailbox {} does not exist", name), "NONEXISTENT");
  const auto& m = *opened.mailbox;
  if (m.noselect) co_return no(fmt::format("Mailbox {} cannot be selected (\\Noselect)", name), "CANNOT");

  auto mailbox = std::make_unique<SelectedMailbox>(m.id, m.name, m.uidvalidity, read_only, opened.snapshot.uids,
                                                   m.highestmodseq);
  // EXAMINE looks without taking \Recent away from the next session (section 6.3.2).
  auto before = s.claim_recent(m.id, mailbox->max_uid(), read_only, m.recent_uid);
  mailbox->add_recent(before, mailbox->max_uid());

  s.untagged("FLAGS " + defined_flags(opened.snapshot.keywords));
  s.untagged(fmt::format("{} EXISTS", mailbox->exists()));
  s.untagged(fmt::format("{} RECENT", mailbox->recent_count()));
  if (opened.snapshot.first_unseen_uid) {
    if (auto seq = mailbox->seq_of(*opened.snapshot.first_unseen_uid))
      s.untagged(fmt::format("OK [UNSEEN {}] Message {} is the first unseen", *seq, *seq));
  }
  s.untagged(fmt::format("OK [PERMANENTFLAGS {}] {}", read_only ? "()" : permanent_flags(opened.snapshot.keywords),
                         read_only ? "No permanent flags permitted" : "Flags permitted"));
  s.untagged(fmt::format("OK [UIDVALIDITY {}] UIDs valid", m.uidvalidity));
  s.untagged(fmt::format("OK [UIDNEXT {}] Predicted next UID", m.uidnext));
  // RFC 7162 section 3.1.2.1: sent on every SELECT/EXAMINE, CONDSTORE enabled or not.
  s.untagged(fmt::format("OK [HIGHESTMODSEQ {}] Highest", m.highestmodseq));
  if (c.args<MailboxArguments>().condstore) s.enable_condstore();
  mailbox->set_keywords(opened.snapshot.keywords);
  mailbox->counts_reported();
  s.select(std::move(mailbox));
  co_return ok(read_only ? "EXAMINE completed" : "SELECT completed", read_only ? "READ-ONLY" : "READ-WRITE");
}

}  // namespace

asio::awaitable<Reply> select(Session& s, const Command& c) { co_return co_await open_mailbox(s, c, false); }

asio::awaitable<Reply> examine(Session& s, const Command& c) { co_return co_await open_mailbox(s, c, true); }

// Section 6.4.1: nothing to checkpoint (every write is durable when acknowledged), so
// CHECK is NOOP.
asio::awaitable<Reply> check(Session& s, const Command&) {
  co_await s.report_changes(true, true);
  co_return ok("CHECK completed");
}

// Section 6.4.2: removes \Deleted messages without EXPUNGE responses, then deselects.
asio::awaitable<Reply> close(Session& s, const Command&) {
  if (!s.selected().read_only()) {
    auto mailbox_id = s.selected().id();
    auto expunge = [mailbox_id](store::WriteTx& tx) {
      auto uids = store::imap::deleted_uids(tx.db, mailbox_id);
      store::messages::expunge(tx.db, mailbox_id, uids);
      if (!uids.empty()) tx.touch(mailbox_id);
    };
    co_await s.store().write(expunge);
  }
  s.deselect();
  co_return ok("CLOSE completed");
}

asio::awaitable<Reply> unselect(Session& s, const Command&) {
  s.deselect();
  co_return ok("UNSELECT completed");
}

}  // namespace carteiro::imap::commands
