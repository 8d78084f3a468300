#include "carteiro/store/sieve_memory.hpp"

namespace carteiro::store::sieve_memory {

namespace {
bool exists(Statement& st) {
  bool found = st.step();
  st.reset();
  return found;
}
}  // namespace

bool vacation_answered(Db& db, std::int64_t account_id, std::string_view handle, std::string_view sender,
                       std::int64_t now) {
  return exists(db.query(
      "SELECT 1 FROM sieve_vacation_replies WHERE account_id = ? AND handle = ? AND sender = ? AND expires > ?",
      account_id, handle, sender, now));
}

void remember_vacation(Db& db, std::int64_t account_id, std::string_view handle, std::string_view sender,
                       std::int64_t expires) {
  db.run("INSERT INTO sieve_vacation_replies(account_id, handle, sender, expires) VALUES(?, ?, ?, ?) "
         "ON CONFLICT(account_id, handle, sender) DO UPDATE SET expires = excluded.expires",
         account_id, handle, sender, expires);
}

bool duplicate_seen(Db& db, std::int64_t account_id, std::string_view key, std::int64_t now) {
  return exists(db.query("SELECT 1 FROM sieve_duplicates WHERE account_id = ? AND key = ? AND expires > ?", account_id,
                         key, now));
}

void remember_duplicate(Db& db, std::int64_t account_id, std::string_view key, std::int64_t expires) {
  db.run("INSERT INTO sieve_duplicates(account_id, key, expires) VALUES(?, ?, ?) "
         "ON CONFLICT(account_id, key) DO UPDATE SET expires = excluded.expires",
         account_id, key, expires);
}

std::int64_t prune(Db& db, std::int64_t now) {
  db.run("DELETE FROM sieve_vacation_replies WHERE expires <= ?", now);
  std::int64_t removed = db.changes();
  db.run("DELETE FROM sieve_duplicates WHERE expires <= ?", now);
  return removed + db.changes();
}

}  // namespace carteiro::store::sieve_memory
