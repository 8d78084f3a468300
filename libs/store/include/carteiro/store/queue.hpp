#pragma once
// The outbound queue's tables: one entry per message with its remote recipients.
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct QueueRecipient {
  std::int64_t id = 0;
  std::string address;
  std::string status;  // pending | sent | failed | bounced (meanings: carteiro/queue/settle.hpp)
  std::string last_reply;
};

struct QueueEntry {
  std::int64_t id = 0;
  std::int64_t content_id = 0;
  std::string sender;  // "" is the null sender
  std::int64_t created_at = 0;
  std::int64_t next_attempt = 0;
  std::int64_t attempts = 0;
  bool warned = false;
  std::string last_error;
  std::int64_t size = 0;
  std::vector<QueueRecipient> recipients;
  int priority = 0;  // RFC 6710: -9..9, higher is sent first
};

namespace queue {
// Queues CONTENT (already inserted) for RECIPIENTS; holds one content reference.
// PRIORITY is clamped to RFC 6710's -9..9.
std::int64_t enqueue(Db& db, std::int64_t content_id, std::string_view sender,
                     const std::vector<std::string>& recipients, std::optional<std::int64_t> when = std::nullopt,
                     int priority = 0);
std::vector<QueueEntry> list(Db& db);                           // with recipients
std::optional<QueueEntry> find(Db& db, std::int64_t id);        // with recipients
std::vector<QueueEntry> due(Db& db, std::int64_t now, int limit);  // next_attempt <= now, highest priority first
void flush(Db& db);                                             // every entry due now
bool remove(Db& db, std::int64_t id);                           // false: no such entry
void set_recipient(Db& db, std::int64_t recipient_id, std::string_view status, std::string_view reply);
void reschedule(Db& db, std::int64_t id, std::int64_t next_attempt, std::string_view error);
void mark_warned(Db& db, std::int64_t id);
}  // namespace queue

}  // namespace carteiro::store
