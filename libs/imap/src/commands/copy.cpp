// COPY (RFC 3501 section 6.4.7) and MOVE (RFC 6851), with COPYUID (RFC 4315). The
// content is shared, not duplicated: a copy is one more reference to the same blob. A COPY
// past the account's quota is refused whole with NO [OVERQUOTA] (RFC 9208 section 4.3.1).
#include <fmt/format.h>

#include "carteiro/imap/response.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/quotas.hpp"
#include "commands/commands.hpp"
#include "commands/message_set.hpp"

namespace carteiro::imap::commands {

namespace {

struct Copied {
  bool destination_missing = false;
  std::int64_t uidvalidity = 0;
  std::vector<std::int64_t> source_uids;
  std::vector<std::int64_t> destination_uids;
};

asio::awaitable<Reply> copy_or_move(Session& s, const Command& c, bool move) {
  const auto& a = c.args<CopyArguments>();
  auto& mailbox = s.selected();
  if (move && mailbox.read_only()) co_return no("The mailbox is read-only (EXAMINE)", "READ-ONLY");
  auto targets = resolve_targets(mailbox, a.set, c.uid);
  if (!targets) co_return bad(kInvalidSequence);

  auto account_id = s.account().id;
  auto source_id = mailbox.id();
  auto transfer = [account_id, source_id, move, &a, &targets](store::WriteTx& tx) {
    Copied out;
    auto destination = store::mailboxes::find(tx.db, account_id, a.mailbox);
    if (!destination || destination->noselect) {
      out.destination_missing = true;
      return out;
    }
    out.uidvalidity = destination->uidvalidity;
    std::vector<store::MessageRow> rows;
    std::int64_t octets = 0;
    for (const auto& t : targets->messages) {
      auto row = store::messages::find(tx.db, source_id, t.uid);
      if (!row) continue;
      octets += row->size;
      rows.push_back(std::move(*row));
    }
    // A copy is charged again (schema/0009_quota.sql); a move within the account, whose
    // one quota root holds both mailboxes, changes no usage and is never refused, so a
    // user over quota can still move mail to Trash.
    if (!move && !rows.empty()) store::quotas::require_room(tx.db, account_id, octets, static_cast<std::int64_t>(rows.size()));
    for (const auto& row : rows) {
      auto placed = store::messages::append(tx.db, destination->id, row.content_id, row.flags, row.keywords,
                                            row.internaldate, row.internaldate_zone);
      out.source_uids.push_back(row.uid);
      out.destination_uids.push_back(placed.uid);
    }
    if (out.source_uids.empty()) return out;
    tx.touch(destination->id);
    if (move) {
      store::messages::expunge(tx.db, source_id, out.source_uids);
      tx.touch(source_id);
    }
    return out;
  };
  auto copied = co_await s.store().write(transfer);
  if (copied.destination_missing) co_return no(fmt::format("Mailbox {} does not exist", a.mailbox), "TRYCREATE");

  std::string code;
  if (!copied.source_uids.empty())
    code = fmt::format("COPYUID {} {} {}", copied.uidvalidity, uid_set_text(copied.source_uids),
                       uid_set_text(copied.destination_uids));
  if (!move) co_return ok("COPY completed", code);
  // RFC 6851 section 4.3: COPYUID comes in an untagged OK, then the EXPUNGEs.
  if (!code.empty()) s.untagged(fmt::format("OK [{}] Moved", code));
  co_await s.report_changes(true, true);
  co_return ok(c.uid ? "UID MOVE completed" : "MOVE completed");
}

}  // namespace

asio::awaitable<Reply> on_copy(Session& s, const Command& c) { co_return co_await copy_or_move(s, c, false); }

asio::awaitable<Reply> on_move(Session& s, const Command& c) { co_return co_await copy_or_move(s, c, true); }

}  // namespace carteiro::imap::commands
