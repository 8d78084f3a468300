#include "carteiro/store/pop3_maildrop.hpp"

#include "carteiro/store/mailboxes.hpp"

namespace carteiro::store::pop3_maildrop {

Listing list_inbox(Db& db, std::int64_t account_id) {
  auto inbox = mailboxes::find(db, account_id, "INBOX");
  if (!inbox) throw Error("the account has no INBOX");
  Listing listing{inbox->id, inbox->uidvalidity, {}};
  auto& st = db.query(
      "SELECT m.uid, m.content_id, s.octets FROM messages m LEFT JOIN pop3_sizes s ON s.content_id = m.content_id "
      "WHERE m.mailbox_id = ? ORDER BY m.uid",
      inbox->id);
  while (st.step()) {
    Entry entry{st.integer(0), st.integer(1), std::nullopt};
    if (!st.is_null(2)) entry.octets = st.integer(2);
    listing.entries.push_back(entry);
  }
  return listing;
}

void save_sizes(Db& db, const std::vector<std::pair<std::int64_t, std::int64_t>>& sizes) {
  for (const auto& [content_id, octets] : sizes)
    db.run("INSERT OR IGNORE INTO pop3_sizes(content_id, octets) "
           "SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM contents WHERE id = ?1)",
           content_id, octets);
}

}  // namespace carteiro::store::pop3_maildrop
