// STORE and UID STORE (RFC 3501 section 6.4.6): FLAGS, +FLAGS, -FLAGS, with .SILENT, and
// the conditional STORE of CONDSTORE (RFC 7162 section 3.1.3: UNCHANGEDSINCE, MODIFIED).
// Messages of the set that another session expunged are left out and the STORE still
// succeeds (RFC 2180 section 4.2, as Dovecot does): clients take a NO as a failed change
// of the flags of every message they named.
#include <fmt/format.h>

#include <algorithm>

#include "carteiro/imap/flags.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"
#include "commands/message_set.hpp"

namespace carteiro::imap::commands {

namespace {
struct Stored {
  Target target;
  std::uint32_t flags = 0;
  std::string keywords;
  std::optional<std::int64_t> modseq;  // set when this STORE changed the message
  std::int64_t current_modseq = 0;     // the message's mod-sequence after this STORE
};

struct StoreOutcome {
  std::vector<Stored> stored;
  std::vector<Target> modified;  // failed UNCHANGEDSINCE: changed since that mod-sequence
};
}  // namespace

asio::awaitable<Reply> on_store(Session& s, const Command& c) {
  const auto& a = c.args<StoreArguments>();
  auto& mailbox = s.selected();
  if (mailbox.read_only()) co_return no("The mailbox is read-only (EXAMINE)", "READ-ONLY");
  auto parsed = parse_flags(a.flags);
  if (parsed.error) co_return bad(*parsed.error);
  auto targets = resolve_targets(mailbox, a.set, c.uid);
  if (!targets) co_return bad(kInvalidSequence);

  auto mailbox_id = mailbox.id();
  if (a.unchanged_since) s.enable_condstore();  // RFC 7162 section 3.1
  auto change = [mailbox_id, &a, &parsed, &targets](store::WriteTx& tx) {
    StoreOutcome outcome;
    auto& out = outcome.stored;
    for (const auto& t : targets->messages) {
      // The current flags from the store, not the session's view: another session may
      // have changed them since.
      auto row = store::messages::find(tx.db, mailbox_id, t.uid);
      if (!row) continue;
      if (a.unchanged_since && row->modseq > *a.unchanged_since) {
        outcome.modified.push_back(t);
        continue;
      }
      auto keywords = split_keywords(row->keywords);
      std::uint32_t flags = row->flags;
      switch (a.mode) {
        case StoreMode::replace:
          flags = parsed.flags.system;
          keywords = parsed.flags.keywords;
          break;
        case StoreMode::add:
          flags |= parsed.flags.system;
          keywords = add_keywords(std::move(keywords), parsed.flags.keywords);
          break;
        case StoreMode::remove:
          flags &= ~parsed.flags.system;
          keywords = remove_keywords(std::move(keywords), parsed.flags.keywords);
          break;
      }
      Stored stored{t, flags, join_keywords(keywords), std::nullopt, row->modseq};
      if (flags != row->flags || stored.keywords != row->keywords) {
        stored.modseq = store::messages::set_flags(tx.db, mailbox_id, t.uid, flags, stored.keywords);
        stored.current_modseq = *stored.modseq;
      }
      out.push_back(std::move(stored));
    }
    if (std::any_of(out.begin(), out.end(), [](const Stored& x) { return x.modseq.has_value(); }))
      tx.touch(mailbox_id);
    return outcome;
  };
  auto outcome = co_await s.store().write(change);
  const auto& stored = outcome.stored;
  for (const auto& x : stored) {
    if (x.modseq) mailbox.note_own_change(*x.modseq);
    mailbox.learn_keywords(x.keywords);
  }
  // A keyword new to the mailbox is announced (FLAGS) before the FETCH responses use it.
  // What other sessions changed goes out first, and a message another session changed
  // after this STORE is reported once, with its latest flags and MODSEQ: mod-sequences
  // a client sees for a message only grow (RFC 7162 section 3.1).
  bool present = co_await s.learn_changes(false);
  if (!present) co_return no("The mailbox was deleted");
  std::vector<bool> superseded;
  for (const auto& x : stored) {
    auto later = mailbox.pending_flags_modseq(x.target.uid);
    superseded.push_back(later && *later > x.current_modseq);
  }
  s.send_updates(false);

  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (superseded[i]) continue;
    const auto& x = stored[i];
    auto uid = c.uid ? fmt::format("UID {} ", x.target.uid) : std::string();
    auto modseq = s.condstore() ? fmt::format(" MODSEQ ({})", x.current_modseq) : std::string();
    if (!a.silent) {
      s.untagged(fmt::format("{} FETCH ({}FLAGS {}{})", x.target.seq, uid,
                             flag_list(x.flags, x.keywords, mailbox.recent(x.target.uid)), modseq));
    } else if (a.unchanged_since && x.modseq) {
      // Section 3.1.3: a conditional STORE reports the new mod-sequence even when silent.
      s.untagged(fmt::format("{} FETCH ({}MODSEQ ({}))", x.target.seq, uid, x.current_modseq));
    }
    co_await s.flush_if_large();
  }
  if (!outcome.modified.empty()) {
    std::vector<std::int64_t> numbers;
    for (const auto& t : outcome.modified) numbers.push_back(c.uid ? t.uid : t.seq);
    std::sort(numbers.begin(), numbers.end());
    co_return ok("Conditional STORE failed", "MODIFIED " + uid_set_text(numbers));
  }
  co_return ok(c.uid ? "UID STORE completed" : "STORE completed");
}

}  // namespace carteiro::imap::commands
