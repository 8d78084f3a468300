#include "carteiro/store/lists.hpp"

#include <fmt/format.h>

#include "carteiro/common/address.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/store/local_addresses.hpp"

namespace carteiro::store::lists {

namespace {
std::optional<MailingList> find_bare(Db& db, std::string_view address) {
  auto& st = db.query("SELECT id, address, members_only, subscription = 'open' FROM lists WHERE address = ?", address);
  std::optional<MailingList> out;
  if (st.step()) out = MailingList{st.integer(0), st.text(1), st.integer(2) != 0, {}, st.integer(3) != 0};
  st.reset();
  return out;
}
MailingList require(Db& db, std::string_view address) {
  auto l = find_bare(db, address);
  if (!l) throw UserError(fmt::format("no list {}", address));
  return *l;
}
}  // namespace

MailingList create(Db& db, std::string_view address, bool members_only) {
  std::string full = require_free_local_address(db, address).text();
  db.run("INSERT INTO lists(address, members_only, created_at) VALUES(?, ?, ?)", full, members_only ? 1 : 0,
         unix_now());
  return MailingList{db.last_insert_id(), full, members_only, {}};
}

void remove(Db& db, std::string_view address) {
  auto l = require(db, address);
  db.run("DELETE FROM lists WHERE id = ?", l.id);
}

void add_member(Db& db, std::string_view list, std::string_view member) {
  auto l = require(db, list);
  auto m = parse_address(member);
  if (!m) throw UserError(fmt::format("\"{}\" is not a valid address", member));
  db.run("INSERT OR IGNORE INTO list_members(list_id, address) VALUES(?, ?)", l.id, m->text());
  if (db.changes() == 0) throw UserError(fmt::format("{} is already a member of {}", m->text(), l.address));
}

void remove_member(Db& db, std::string_view list, std::string_view member) {
  auto l = require(db, list);
  db.run("DELETE FROM list_members WHERE list_id = ? AND address = ?", l.id, member);
  if (db.changes() == 0) throw UserError(fmt::format("{} is not a member of {}", member, l.address));
}

void set_open_subscription(Db& db, std::string_view list, bool open) {
  auto l = require(db, list);
  db.run("UPDATE lists SET subscription = ? WHERE id = ?", open ? "open" : "closed", l.id);
}

std::optional<MailingList> find(Db& db, std::string_view address) {
  auto l = find_bare(db, address);
  if (!l) return l;
  auto& st = db.query("SELECT address FROM list_members WHERE list_id = ? ORDER BY address", l->id);
  while (st.step()) l->members.push_back(st.text(0));
  return l;
}

std::vector<MailingList> list(Db& db) {
  std::vector<std::string> addresses;
  auto& st = db.prepare("SELECT address FROM lists ORDER BY address");
  while (st.step()) addresses.push_back(st.text(0));
  std::vector<MailingList> out;
  for (auto& a : addresses) out.push_back(*find(db, a));
  return out;
}

}  // namespace carteiro::store::lists
