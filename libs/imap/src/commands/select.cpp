// Opening and closing a mailbox: SELECT, EXAMINE (RFC 3501 sections 6.3.1-6.3.2), CHECK,
// CLOSE (6.4.1-6.4.2) and UNSELECT (RFC 3691).
#include <fmt/format.h>

#include "carteiro/imap/flags.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/vanished.hpp"
#include "commands/commands.hpp"
#include "carteiro/imap/vanished.hpp"

namespace carteiro::imap::commands {

namespace {

struct Opened {
  std::optional<store::Mailbox> mailbox;
  MailboxSnapshot snapshot;
  // QRESYNC with the client's UIDVALIDITY: what changed since its mod-sequence, read in
  // the same snapshot as the UIDs (RFC 7162 section 3.2.5).
  bool resync = false;
  std::vector<store::imap::VanishedRun> vanished;
  std::vector<store::imap::MessageFlags> changed;
};

// RFC 7162 section 3.2.5: after the usual responses, the expunges (within the known UIDs)
// and the flag changes since the client's mod-sequence (one FETCH per message changed: an
// old mod-sequence on a large mailbox is a long answer, flushed as it grows).
asio::awaitable<void> report_resync(Session& s, const Opened& opened, const QresyncParameters& q,
                                    const SelectedMailbox& mailbox) {
  const SequenceSet* within = q.known_uids ? &*q.known_uids : nullptr;
  auto uids = vanished_uid_set(opened.vanished, within, mailbox);
  if (!uids.empty()) s.untagged("VANISHED (EARLIER) " + uids);
  for (const auto& f : opened.changed) {
    auto seq = mailbox.seq_of(f.uid);
    if (!seq) continue;
    s.untagged(fmt::format("{} FETCH (UID {} FLAGS {} MODSEQ ({}))", *seq, f.uid,
                           flag_list(f.flags, f.keywords, mailbox.recent(f.uid)), f.modseq));
    co_await s.flush_if_large();
  }
}

asio::awaitable<Reply> open_mailbox(Session& s, const Command& c, bool read_only) {
  const auto& args = c.args<MailboxArguments>();
  const auto& name = args.mailbox;
  // RFC 7162 section 3.2.5: the QRESYNC parameter only after ENABLE QRESYNC.
  if (args.qresync && !s.qresync()) co_return bad("QRESYNC needs ENABLE QRESYNC first");
  // Section 6.3.1: SELECT first closes the selected mailbox, even if it then fails. RFC
  // 7162 section 3.2.11: CLOSED marks where the old mailbox's responses end.
  if (s.state() == State::selected) {
    s.deselect();
    s.untagged("OK [CLOSED] Previous mailbox closed");
  }
  auto account_id = s.account().id;
  auto& cache = s.context().select_cache;
  const auto* qresync = args.qresync ? &*args.qresync : nullptr;
  auto query = [account_id, &name, &cache, qresync](store::Db& db) {
    store::imap::ReadSnapshot snapshot(db);
    Opened o;
    o.mailbox = store::mailboxes::find(db, account_id, name);
    if (!o.mailbox || o.mailbox->noselect) return o;
    const auto& m = *o.mailbox;
    // A UIDVALIDITY that changed makes the client's cache worthless: a plain SELECT.
    if (qresync && qresync->uidvalidity == m.uidvalidity) {
      o.resync = true;
      o.vanished = store::imap::vanished_since(db, m.id, qresync->modseq);
      o.changed = store::imap::changes_since(db, m.id, qresync->modseq, 0, 0).changed;
    }
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
  auto before = s.claim_recent({m.id, m.uidvalidity}, mailbox->max_uid(), read_only, m.recent_uid);
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
  if (args.condstore) s.enable_condstore();
  if (opened.resync) co_await report_resync(s, opened, *qresync, *mailbox);
  mailbox->set_keywords(opened.snapshot.keywords);
  mailbox->counts_reported();
  s.select(std::move(mailbox));
  co_return ok(read_only ? "EXAMINE completed" : "SELECT completed", read_only ? "READ-ONLY" : "READ-WRITE");
}

}  // namespace

asio::awaitable<Reply> on_select(Session& s, const Command& c) { co_return co_await open_mailbox(s, c, false); }

asio::awaitable<Reply> on_examine(Session& s, const Command& c) { co_return co_await open_mailbox(s, c, true); }

// Section 6.4.1: nothing to checkpoint (every write is durable when acknowledged), so
// CHECK is NOOP.
asio::awaitable<Reply> on_check(Session& s, const Command&) {
  co_await s.report_changes(true, true);
  co_return ok("CHECK completed");
}

// Section 6.4.2: removes \Deleted messages without EXPUNGE responses, then deselects.
asio::awaitable<Reply> on_close(Session& s, const Command&) {
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

asio::awaitable<Reply> on_unselect(Session& s, const Command&) {
  s.deselect();
  co_return ok("UNSELECT completed");
}

}  // namespace carteiro::imap::commands
