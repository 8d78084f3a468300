#include "carteiro/store/mailboxes.hpp"

#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"

namespace carteiro::store::mailboxes {

namespace {
constexpr const char* kColumns =
    "SELECT id, account_id, name, special_use, subscribed, uidvalidity, uidnext, highestmodseq, noselect, recent_uid "
    "FROM mailboxes ";
Mailbox row(Statement& st) {
  return Mailbox{st.integer(0), st.integer(1), st.text(2), st.optional_text(3), st.integer(4) != 0,
                 st.integer(5), st.integer(6), st.integer(7), st.integer(8) != 0, st.integer(9)};
}
std::string canonical(std::string_view name) { return iequals(name, "INBOX") ? "INBOX" : std::string(name); }
}  // namespace

Mailbox create(Db& db, std::int64_t account_id, std::string_view name, std::optional<std::string> special_use) {
  std::string n = canonical(name);
  auto existing = find(db, account_id, n);
  if (existing && !existing->noselect) throw UserError(fmt::format("mailbox {} already exists", n));
  // Above every UIDVALIDITY the account ever gave out, deleted mailboxes' included
  // (schema/0015_uidvalidity_internaldate_zone.sql).
  auto& st = db.query(
      "UPDATE accounts SET last_uidvalidity = MAX(?1, last_uidvalidity + 1, "
      "(SELECT COALESCE(MAX(uidvalidity), 0) + 1 FROM mailboxes WHERE account_id = ?2)) WHERE id = ?2 "
      "RETURNING last_uidvalidity",
      unix_now(), account_id);
  if (!st.step()) throw Error(fmt::format("no account {} for mailbox {}", account_id, n));
  std::int64_t uidvalidity = st.integer(0);
  st.reset();
  if (existing) {
    // A \Noselect name becomes a mailbox again: a new one as far as clients can tell (a new
    // UIDVALIDITY; its UIDs start over, it never held messages since it became \Noselect).
    db.run("UPDATE mailboxes SET noselect = 0, special_use = COALESCE(?, special_use), uidvalidity = ?, uidnext = 1, "
           "highestmodseq = 1, recent_uid = 0 WHERE id = ?",
           special_use, uidvalidity, existing->id);
    return *get(db, existing->id);
  }
  db.run("INSERT INTO mailboxes(account_id, name, special_use, uidvalidity) VALUES(?, ?, ?, ?)", account_id, n,
         special_use, uidvalidity);
  return Mailbox{db.last_insert_id(), account_id, n, special_use, true, uidvalidity, 1, 1, false, 0};
}

std::optional<Mailbox> find(Db& db, std::int64_t account_id, std::string_view name) {
  auto& st = db.query(std::string(kColumns) + "WHERE account_id = ? AND name = ?", account_id, canonical(name));
  std::optional<Mailbox> out;
  if (st.step()) out = row(st);
  st.reset();
  return out;
}

std::optional<Mailbox> get(Db& db, std::int64_t mailbox_id) {
  auto& st = db.query(std::string(kColumns) + "WHERE id = ?", mailbox_id);
  std::optional<Mailbox> out;
  if (st.step()) out = row(st);
  st.reset();
  return out;
}

std::vector<Mailbox> list(Db& db, std::int64_t account_id) {
  std::vector<Mailbox> out;
  auto& st = db.query(std::string(kColumns) + "WHERE account_id = ? ORDER BY name", account_id);
  while (st.step()) out.push_back(row(st));
  return out;
}

std::int64_t inbox_id(Db& db, std::int64_t account_id) {
  auto m = find(db, account_id, "INBOX");
  if (!m) throw Error(fmt::format("account {} has no INBOX", account_id));
  return m->id;
}

void claim_recent(Db& db, std::int64_t mailbox_id, std::int64_t uidvalidity, std::int64_t up_to) {
  db.run("UPDATE mailboxes SET recent_uid = ? WHERE id = ? AND uidvalidity = ? AND recent_uid < ?", up_to, mailbox_id,
         uidvalidity, up_to);
}

}  // namespace carteiro::store::mailboxes
