#include "carteiro/store/sieve_scripts.hpp"

#include <fmt/format.h>

#include "carteiro/common/time.hpp"

namespace carteiro::store::sieve_scripts {

namespace {

constexpr std::size_t kMaxNameOctets = 255;

// RFC 5804 section 1.6: a script name is UTF-8 (Net-Unicode, RFC 5198) without the
// control characters U+0000-U+001F, U+007F-U+009F, LINE SEPARATOR (U+2028) and
// PARAGRAPH SEPARATOR (U+2029).
bool allowed_code_point(char32_t c) { return c >= 0x20 && !(c >= 0x7F && c <= 0x9F) && c != 0x2028 && c != 0x2029; }

// Decodes one UTF-8 sequence at NAME[I], advancing I; false when it is malformed (a bad
// lead or continuation byte, an overlong form, a surrogate, or past U+10FFFF).
bool next_code_point(std::string_view name, std::size_t& i, char32_t& out) {
  auto lead = static_cast<unsigned char>(name[i++]);
  std::size_t more = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : 4;
  if (more == 4 || i + more > name.size()) return false;
  char32_t c = more == 0 ? lead : lead & (0x3F >> more);
  for (std::size_t k = 0; k < more; ++k) {
    auto b = static_cast<unsigned char>(name[i++]);
    if ((b & 0xC0) != 0x80) return false;
    c = (c << 6) | (b & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (c < kSmallest[more] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
  out = c;
  return true;
}

void check_name(std::string_view name) {
  if (name.empty()) throw UserError("a script needs a name");
  if (name.size() > kMaxNameOctets) throw UserError(fmt::format("a script name is at most {} octets", kMaxNameOctets));
  for (std::size_t i = 0; i < name.size();) {
    char32_t c = 0;
    if (!next_code_point(name, i, c) || !allowed_code_point(c))
      throw UserError("a script name must be UTF-8 text without control characters");
  }
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
