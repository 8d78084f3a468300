#include "carteiro/store/imap_queries.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/store/messages.hpp"

namespace carteiro::store::imap {

ReadSnapshot::ReadSnapshot(Db& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }

ReadSnapshot::~ReadSnapshot() {
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // Nothing was written; a failed ROLLBACK of a read leaves nothing to undo.
  }
}

namespace {
std::int64_t single_integer(Statement& st) {
  std::int64_t v = st.step() ? st.integer(0) : 0;
  st.reset();
  return v;
}
}  // namespace

MailboxDelta changes_since(Db& db, std::int64_t mailbox_id, std::int64_t since_modseq, std::int64_t known_live,
                           std::int64_t max_known_uid) {
  MailboxDelta delta;
  auto mailbox = mailboxes::get(db, mailbox_id);
  if (!mailbox || mailbox->noselect) {
    delta.mailbox_gone = true;
    return delta;
  }
  delta.highestmodseq = mailbox->highestmodseq;
  if (delta.highestmodseq == since_modseq) return delta;

  auto& st = db.query("SELECT uid, flags, keywords, modseq FROM messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid",
                      mailbox_id, since_modseq);
  std::int64_t added = 0;
  while (st.step()) {
    delta.changed.push_back(
        MessageFlags{st.integer(0), static_cast<std::uint32_t>(st.integer(1)), st.text(2), st.integer(3)});
    if (delta.changed.back().uid > max_known_uid) ++added;
  }
  // Expunges leave no row behind: when fewer of the known messages exist than the session
  // believes, it needs the whole UID list to find which.
  auto runs = uid_runs(db, mailbox_id);
  std::int64_t count = 0;
  for (const auto& run : runs) count += run.count;
  if (count != known_live + added) delta.uids = std::move(runs);
  return delta;
}

std::vector<UidRun> uid_runs(Db& db, std::int64_t mailbox_id) {
  std::vector<UidRun> out;
  auto& st = db.query("SELECT first_uid, count FROM uid_runs WHERE mailbox_id = ? ORDER BY first_uid", mailbox_id);
  while (st.step()) out.push_back(UidRun{st.integer(0), st.integer(1)});
  return out;
}

MailboxView mailbox_view(Db& db, std::int64_t mailbox_id) {
  MailboxView view;
  view.uids = uid_runs(db, mailbox_id);
  // Both use the partial indexes of schema/0002_imap_indexes.sql (same WHERE expressions).
  auto& unseen = db.query("SELECT MIN(uid) FROM messages WHERE mailbox_id = ? AND (flags & 1) = 0", mailbox_id);
  if (unseen.step() && !unseen.is_null(0)) view.first_unseen_uid = unseen.integer(0);
  unseen.reset();
  auto& keywords = db.query("SELECT DISTINCT keywords FROM messages WHERE mailbox_id = ? AND keywords != ''", mailbox_id);
  while (keywords.step()) {
    std::string_view list = keywords.blob(0);  // valid until the next step
    while (!list.empty()) {
      auto end = list.find(' ');
      auto keyword = list.substr(0, end);
      if (!keyword.empty() && std::find(view.keywords.begin(), view.keywords.end(), keyword) == view.keywords.end())
        view.keywords.emplace_back(keyword);
      list = end == std::string_view::npos ? std::string_view() : list.substr(end + 1);
    }
  }
  return view;
}

std::vector<std::int64_t> deleted_uids(Db& db, std::int64_t mailbox_id) {
  std::vector<std::int64_t> out;
  auto& st = db.query("SELECT uid FROM messages WHERE mailbox_id = ? AND (flags & ?) != 0 ORDER BY uid", mailbox_id,
                      static_cast<std::int64_t>(kDeleted));
  while (st.step()) out.push_back(st.integer(0));
  return out;
}

std::vector<MessageSummary> summaries(Db& db, std::int64_t mailbox_id, std::int64_t first_uid, std::int64_t last_uid,
                                      bool with_structure) {
  std::vector<MessageSummary> out;
  auto& st = db.query(with_structure
                          ? "SELECT m.uid, m.flags, m.keywords, m.modseq, m.internaldate, c.size, c.id, c.header_size, "
                            "m.internaldate_zone, c.envelope, c.bodystructure, c.body "
                            "FROM messages m JOIN contents c ON c.id = m.content_id "
                            "WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid"
                          : "SELECT m.uid, m.flags, m.keywords, m.modseq, m.internaldate, c.size, c.id, c.header_size, "
                            "m.internaldate_zone FROM messages m JOIN contents c ON c.id = m.content_id "
                            "WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid",
                      mailbox_id, first_uid, last_uid);
  while (st.step()) {
    MessageSummary m{st.integer(0), static_cast<std::uint32_t>(st.integer(1)), st.text(2), st.integer(3),
                     st.integer(4), st.integer(5), st.integer(6), st.integer(7), {}, {}, {}, st.integer(8)};
    if (with_structure) {
      m.envelope = st.text(9);
      m.bodystructure = st.text(10);
      m.body = st.text(11);
    }
    out.push_back(std::move(m));
  }
  return out;
}

MailboxCounts counts(Db& db, std::int64_t mailbox_id, std::int64_t above_uid) {
  auto& st = db.query(
      "SELECT COUNT(*), COALESCE(SUM((m.flags & ?1) = 0), 0), COALESCE(SUM(c.size), 0), COALESCE(SUM(m.uid > ?2), 0), "
      "COALESCE(SUM((m.flags & ?3) != 0), 0), COALESCE(SUM(CASE WHEN (m.flags & ?3) != 0 THEN c.size ELSE 0 END), 0) "
      "FROM messages m JOIN contents c ON c.id = m.content_id WHERE m.mailbox_id = ?4",
      static_cast<std::int64_t>(kSeen), above_uid, static_cast<std::int64_t>(kDeleted), mailbox_id);
  MailboxCounts out;
  if (st.step())
    out = MailboxCounts{st.integer(0), st.integer(1), st.integer(2), st.integer(3), st.integer(4), st.integer(5)};
  st.reset();
  return out;
}

bool has_children(Db& db, std::int64_t account_id, std::string_view name) {
  std::string prefix = std::string(name) + "/";
  auto& st = db.query("SELECT COUNT(*) FROM mailboxes WHERE account_id = ? AND substr(name, 1, ?) = ?", account_id,
                      static_cast<std::int64_t>(prefix.size()), prefix);
  return single_integer(st) > 0;
}

void rename_mailbox(Db& db, std::int64_t account_id, std::string_view from, std::string_view to) {
  auto source = mailboxes::find(db, account_id, from);
  if (!source) throw UserError(fmt::format("mailbox {} does not exist", from));
  std::string old_prefix = source->name + "/";
  std::string new_prefix = std::string(to) + "/";
  std::vector<std::pair<std::int64_t, std::string>> renames{{source->id, std::string(to)}};
  for (const auto& m : mailboxes::list(db, account_id)) {
    if (m.name.compare(0, old_prefix.size(), old_prefix) == 0)
      renames.emplace_back(m.id, new_prefix + m.name.substr(old_prefix.size()));
  }
  for (const auto& [id, name] : renames) {
    auto existing = mailboxes::find(db, account_id, name);
    if (existing && existing->id != id) throw UserError(fmt::format("mailbox {} already exists", name));
  }
  // Through temporary names first, so swapping "a" and "a/b" style renames never collide
  // with the UNIQUE(account_id, name) constraint halfway.
  for (const auto& [id, name] : renames)
    db.run("UPDATE mailboxes SET name = '\x01' || ? WHERE id = ?", name, id);
  for (const auto& [id, name] : renames) db.run("UPDATE mailboxes SET name = ? WHERE id = ?", name, id);
}

void delete_mailbox(Db& db, std::int64_t mailbox_id, bool keep_name) {
  std::vector<std::int64_t> contents;
  {
    auto& st = db.query("SELECT content_id FROM messages WHERE mailbox_id = ?", mailbox_id);
    while (st.step()) contents.push_back(st.integer(0));
  }
  db.run("DELETE FROM messages WHERE mailbox_id = ?", mailbox_id);
  for (auto id : contents) contents::release(db, id);
  if (keep_name)
    db.run("UPDATE mailboxes SET noselect = 1, special_use = NULL, highestmodseq = highestmodseq + 1 WHERE id = ?",
           mailbox_id);
  else
    db.run("DELETE FROM mailboxes WHERE id = ?", mailbox_id);
}

void set_subscribed(Db& db, std::int64_t mailbox_id, bool subscribed) {
  db.run("UPDATE mailboxes SET subscribed = ? WHERE id = ?", subscribed ? 1 : 0, mailbox_id);
}

}  // namespace carteiro::store::imap
