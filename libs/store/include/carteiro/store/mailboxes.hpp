#pragma once
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Mailbox {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string name;
  std::optional<std::string> special_use;
  bool subscribed = true;
  std::int64_t uidvalidity = 0;
  std::int64_t uidnext = 1;
  std::int64_t highestmodseq = 1;
  // A name kept only for its children (RFC 3501 section 6.3.4): no messages, not selectable.
  bool noselect = false;
  std::int64_t recent_uid = 0;  // the highest UID some session was told is \Recent
};

namespace mailboxes {
// UserError when the name exists (a \Noselect name is made a mailbox again instead). UIDVALIDITY is fresh: never reused for a name within
// the account, even after DELETE and CREATE in the same second (RFC 3501 section 2.3.1.1).
Mailbox create(Db& db, std::int64_t account_id, std::string_view name,
               std::optional<std::string> special_use = std::nullopt);
// "INBOX" is matched case-insensitively (RFC 3501 section 5.1); other names exactly.
std::optional<Mailbox> find(Db& db, std::int64_t account_id, std::string_view name);
std::optional<Mailbox> get(Db& db, std::int64_t mailbox_id);
std::vector<Mailbox> list(Db& db, std::int64_t account_id);
std::int64_t inbox_id(Db& db, std::int64_t account_id);  // throws Error if missing
// Raises the mailbox's recent_uid to UP_TO (never lowers it).
// Only while the mailbox has UIDVALIDITY: not one created again since under the same id.
void claim_recent(Db& db, std::int64_t mailbox_id, std::int64_t uidvalidity, std::int64_t up_to);
}  // namespace mailboxes

}  // namespace carteiro::store
