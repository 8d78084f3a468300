#pragma once
// Store queries that IMAP sessions need beyond the shared DAOs: what changed in a mailbox
// since a session last looked, message summaries for FETCH in UID ranges, mailbox
// counters for STATUS, and the mailbox operations of CREATE/DELETE/RENAME/SUBSCRIBE.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/store/db.hpp"
#include "carteiro/store/mailboxes.hpp"

namespace carteiro::store::imap {

// A deferred read transaction: the queries made while it lives see one snapshot, so a
// session's view (UIDs, counts, HIGHESTMODSEQ) is consistent. Rolled back at scope end.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Db& db_;
};

struct MessageFlags {
  std::int64_t uid = 0;
  std::uint32_t flags = 0;
  std::string keywords;
  std::int64_t modseq = 0;
};

// UIDs FIRST_UID .. FIRST_UID + COUNT - 1, all in the mailbox (schema/0006_uid_runs.sql).
struct UidRun {
  std::int64_t first_uid = 0;
  std::int64_t count = 0;
};
// Ascending, disjoint.
std::vector<UidRun> uid_runs(Db& db, std::int64_t mailbox_id);

// What a session with a mailbox selected must learn at a command boundary.
struct MailboxDelta {
  bool mailbox_gone = false;  // deleted, or left \Noselect by a DELETE
  std::int64_t highestmodseq = 0;
  std::vector<MessageFlags> changed;   // modseq above the session's; new messages included
  // All UIDs, only when some the session knows are gone (their count fell short).
  std::optional<std::vector<UidRun>> uids;
};

// SINCE_MODSEQ: the HIGHESTMODSEQ the session last saw; KNOWN_LIVE: how many of the
// session's messages it believes still exist; MAX_KNOWN_UID: its highest UID.
MailboxDelta changes_since(Db& db, std::int64_t mailbox_id, std::int64_t since_modseq, std::int64_t known_live,
                           std::int64_t max_known_uid);

// What SELECT reports, without a pass over the mailbox's messages: the UIDs, the first
// unseen one, and the distinct keywords in use (for the FLAGS response).
struct MailboxView {
  std::vector<UidRun> uids;
  std::optional<std::int64_t> first_unseen_uid;
  std::vector<std::string> keywords;
};
MailboxView mailbox_view(Db& db, std::int64_t mailbox_id);
// UIDs of messages flagged \Deleted.
std::vector<std::int64_t> deleted_uids(Db& db, std::int64_t mailbox_id);

// One message as FETCH renders it, from the messages row and its content's stored meta.
struct MessageSummary {
  std::int64_t uid = 0;
  std::uint32_t flags = 0;
  std::string keywords;
  std::int64_t modseq = 0;
  std::int64_t internaldate = 0;
  std::int64_t size = 0;
  std::int64_t content_id = 0;
  std::int64_t header_size = 0;
  std::string envelope;
  std::string bodystructure;
  std::string body;
  std::int64_t internaldate_zone = 0;  // minutes east of UTC (messages.hpp)
};
// Messages with FIRST_UID <= uid <= LAST_UID, ascending; WITH_STRUCTURE loads the three
// stored IMAP strings too.
std::vector<MessageSummary> summaries(Db& db, std::int64_t mailbox_id, std::int64_t first_uid,
                                      std::int64_t last_uid, bool with_structure);

struct MailboxCounts {
  std::int64_t messages = 0;
  std::int64_t unseen = 0;
  std::int64_t size = 0;
  std::int64_t above_uid = 0;  // messages with a UID above the one asked for (\Recent)
  std::int64_t deleted = 0;    // flagged \Deleted: what EXPUNGE would remove (RFC 9208 STATUS DELETED)
  std::int64_t deleted_size = 0;  // and their octets (DELETED-STORAGE)
};
MailboxCounts counts(Db& db, std::int64_t mailbox_id, std::int64_t above_uid);

// Mailbox operations. RENAME moves the children along ("a" -> "b" renames "a/x" to "b/x");
// UserError if TO (or a renamed child) exists. DELETE releases every message's content;
// KEEP_NAME leaves the name as a \Noselect placeholder for its children (RFC 3501
// section 6.3.4).
void rename_mailbox(Db& db, std::int64_t account_id, std::string_view from, std::string_view to);
void delete_mailbox(Db& db, std::int64_t mailbox_id, bool keep_name);
void set_subscribed(Db& db, std::int64_t mailbox_id, bool subscribed);
bool has_children(Db& db, std::int64_t account_id, std::string_view name);

}  // namespace carteiro::store::imap
