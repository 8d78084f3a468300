#include "carteiro/store/sieve_scripts.hpp"

#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"

namespace carteiro::store::sieve_scripts {

namespace {

constexpr std::size_t kMaxNameOctets = 255;

// RFC 5804 section 1.6: a script name is UTF-8 (Net-Unicode, RFC 5198) without the
// control characters U+0000-U+001F, U+007F-U+009F, LINE SEPARATOR (U+2028) and
// PARAGRAPH SEPARATOR (U+2029); in valid UTF-8 those are the octets below 0x20, 0x7F, and
// the sequences C2 80-C2 9F, E2 80 A8 and E2 80 A9.
bool has_control_character(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    auto next = i + 1 < name.size() ? static_cast<unsigned char>(name[i + 1]) : 0;
    if (c < 0x20 || c == 0x7F || (c == 0xC2 && next >= 0x80 && next <= 0x9F)) return true;
    if (name.substr(i, 3) == "\xE2\x80\xA8" || name.substr(i, 3) == "\xE2\x80\xA9") return true;
  }
  return false;
}

void check_name(std::string_view name) {
  if (name.empty()) throw UserError("a script needs a name");
  if (name.size() > kMaxNameOctets) throw UserError(fmt::format("a script name is at most {} octets", kMaxNameOctets));
  if (invalid_utf8_offset(name) != std::string_view::npos || has_control_character(name))
    throw UserError("a script name must be UTF-8 text without control characters");
}

struct Row {
  std::int64_t id = 0;
  bool active = false;
};

std::optional<Row> find(Db& db, std::int64_t account_id, std::string_view name) {
  auto& st = db.query("SELECT id, active FROM sieve_scripts WHERE account_id = ? AND name = ?", account_id, name);
  std::optional<Row> out;
  if (st.step()) out = Row{st.integer(0), st.integer(1) != 0};
  st.reset();
  return out;
}

Row require(Db& db, std::int64_t account_id, std::string_view name) {
  auto row = find(db, account_id, name);
  if (!row) throw UserError(fmt::format("no script named \"{}\"", name));
  return *row;
}

}  // namespace

std::vector<SieveScriptInfo> list(Db& db, std::int64_t account_id) {
  std::vector<SieveScriptInfo> out;
  auto& st = db.query(
      "SELECT name, active, length(CAST(script AS BLOB)) FROM sieve_scripts WHERE account_id = ? ORDER BY name",
      account_id);
  while (st.step()) out.push_back(SieveScriptInfo{st.text(0), st.integer(1) != 0, st.integer(2)});
  return out;
}

std::optional<std::string> get(Db& db, std::int64_t account_id, std::string_view name) {
  auto& st = db.query("SELECT script FROM sieve_scripts WHERE account_id = ? AND name = ?", account_id, name);
  std::optional<std::string> out;
  if (st.step()) out = st.text(0);
  st.reset();
  return out;
}

void put(Db& db, std::int64_t account_id, std::string_view name, std::string_view text) {
  check_name(name);
  // A new row rather than an UPDATE: the new id is the new version (see the schema).
  auto old = find(db, account_id, name);
  if (old) db.run("DELETE FROM sieve_scripts WHERE id = ?", old->id);
  db.run("INSERT INTO sieve_scripts(account_id, name, script, active, updated_at) VALUES(?, ?, ?, ?, ?)", account_id,
         name, text, old && old->active ? 1 : 0, unix_now());
}

void set_active(Db& db, std::int64_t account_id, std::string_view name) {
  std::optional<Row> chosen;
  if (!name.empty()) chosen = require(db, account_id, name);
  db.run("UPDATE sieve_scripts SET active = 0 WHERE account_id = ? AND active = 1", account_id);
  if (chosen) db.run("UPDATE sieve_scripts SET active = 1 WHERE id = ?", chosen->id);
}

void remove(Db& db, std::int64_t account_id, std::string_view name) {
  auto row = require(db, account_id, name);
  if (row.active) throw UserError(fmt::format("\"{}\" is the active script; deactivate it first", name));
  db.run("DELETE FROM sieve_scripts WHERE id = ?", row.id);
}

void rename(Db& db, std::int64_t account_id, std::string_view old_name, std::string_view new_name) {
  auto row = require(db, account_id, old_name);
  check_name(new_name);
  if (old_name == new_name) return;
  if (find(db, account_id, new_name)) throw UserError(fmt::format("a script named \"{}\" exists", new_name));
  db.run("UPDATE sieve_scripts SET name = ?, updated_at = ? WHERE id = ?", new_name, unix_now(), row.id);
}

std::optional<ActiveSieveScript> active(Db& db, std::int64_t account_id) {
  auto& st = db.query("SELECT name, script, id FROM sieve_scripts WHERE account_id = ? AND active = 1", account_id);
  std::optional<ActiveSieveScript> out;
  if (st.step()) out = ActiveSieveScript{st.text(0), st.text(1), st.integer(2)};
  st.reset();
  return out;
}

}  // namespace carteiro::store::sieve_scripts
