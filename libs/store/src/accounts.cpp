#include "carteiro/store/accounts.hpp"

#include <fmt/format.h>

#include "carteiro/common/address.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/local_addresses.hpp"
#include "carteiro/store/mailboxes.hpp"

namespace carteiro::store::accounts {

namespace {
constexpr const char* kColumns = "SELECT id, domain_id, address, local_part, password_hash, apop_secret FROM accounts ";
Account row(Statement& st) {
  return Account{st.integer(0), st.integer(1), st.text(2), st.text(3), st.text(4), st.optional_text(5)};
}
std::vector<Account> rows(Statement& st) {
  std::vector<Account> out;
  while (st.step()) out.push_back(row(st));
  return out;
}
}  // namespace

Account add(Db& db, std::string_view address, std::string_view password_hash) {
  auto a = require_free_local_address(db, address);
  auto domain = domains::find(db, a.domain);
  std::string full = a.text();
  db.run("INSERT INTO accounts(domain_id, local_part, address, password_hash, created_at) VALUES(?, ?, ?, ?, ?)",
         domain->id, a.local, full, password_hash, unix_now());
  Account acc{db.last_insert_id(), domain->id, full, a.local, std::string(password_hash), std::nullopt};
  for (auto& m : kDefaultMailboxes)
    mailboxes::create(db, acc.id, m.name, m.special_use ? std::optional<std::string>(m.special_use) : std::nullopt);
  return acc;
}

void remove(Db& db, std::string_view address) {
  auto acc = find(db, address);
  if (!acc) throw UserError(fmt::format("no account {}", address));
  // Release the contents its messages hold, then let the cascade drop mailboxes and messages.
  db.run("UPDATE contents SET refcount = refcount - (SELECT COUNT(*) FROM messages m JOIN mailboxes b "
         "ON m.mailbox_id = b.id WHERE b.account_id = ?1 AND m.content_id = contents.id) "
         "WHERE id IN (SELECT m.content_id FROM messages m JOIN mailboxes b ON m.mailbox_id = b.id "
         "WHERE b.account_id = ?1)",
         acc->id);
  db.run("DELETE FROM accounts WHERE id = ?", acc->id);
  db.run("DELETE FROM contents WHERE refcount <= 0");
}

void set_password_hash(Db& db, std::string_view address, std::string_view hash) {
  db.run("UPDATE accounts SET password_hash = ? WHERE address = ?", hash, address);
  if (db.changes() == 0) throw UserError(fmt::format("no account {}", address));
}

void set_apop_secret(Db& db, std::string_view address, std::optional<std::string> secret) {
  db.run("UPDATE accounts SET apop_secret = ? WHERE address = ?", secret, address);
  if (db.changes() == 0) throw UserError(fmt::format("no account {}", address));
}

std::optional<Account> find(Db& db, std::string_view address) {
  auto& st = db.query(std::string(kColumns) + "WHERE address = ?", address);
  std::optional<Account> out;
  if (st.step()) out = row(st);
  st.reset();
  return out;
}

std::optional<Account> find_by_id(Db& db, std::int64_t id) {
  auto& st = db.query(std::string(kColumns) + "WHERE id = ?", id);
  std::optional<Account> out;
  if (st.step()) out = row(st);
  st.reset();
  return out;
}

std::vector<Account> find_by_local_part(Db& db, std::string_view local) {
  return rows(db.query(std::string(kColumns) + "WHERE local_part = ? ORDER BY address", local));
}

std::vector<Account> list(Db& db, std::optional<std::string> domain) {
  if (domain)
    return rows(db.query(std::string(kColumns) +
                             "WHERE domain_id = (SELECT id FROM domains WHERE name = ?) ORDER BY address",
                         *domain));
  return rows(db.prepare(std::string(kColumns) + "ORDER BY address"));
}

std::optional<Account> find_login(Db& db, std::string_view login) {
  if (login.find('@') != std::string_view::npos) return find(db, login);
  auto matches = find_by_local_part(db, login);
  if (matches.size() == 1) return matches.front();
  return std::nullopt;
}

}  // namespace carteiro::store::accounts
