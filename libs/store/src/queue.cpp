#include "carteiro/store/queue.hpp"

#include <algorithm>

#include "carteiro/common/time.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::store::queue {

namespace {
constexpr const char* kColumns =
    "SELECT q.id, q.content_id, q.sender, q.created_at, q.next_attempt, q.attempts, q.warned, q.last_error, c.size, q.priority "
    "FROM queue q JOIN contents c ON c.id = q.content_id ";
QueueEntry row(Statement& st) {
  return QueueEntry{st.integer(0), st.integer(1), st.text(2), st.integer(3), st.integer(4),
                    st.integer(5), st.integer(6) != 0, st.text(7), st.integer(8), {},
                    static_cast<int>(st.integer(9))};
}
void load_recipients(Db& db, QueueEntry& e) {
  auto& st = db.query("SELECT id, address, status, last_reply FROM queue_recipients WHERE queue_id = ? ORDER BY id", e.id);
  while (st.step()) e.recipients.push_back(QueueRecipient{st.integer(0), st.text(1), st.text(2), st.text(3)});
}
std::vector<QueueEntry> entries(Db& db, Statement& st) {
  std::vector<QueueEntry> out;
  while (st.step()) out.push_back(row(st));
  for (auto& e : out) load_recipients(db, e);
  return out;
}
}  // namespace

std::int64_t enqueue(Db& db, std::int64_t content_id, std::string_view sender,
                     const std::vector<std::string>& recipients, std::optional<std::int64_t> when, int priority) {
  auto now = unix_now();
  db.run("INSERT INTO queue(content_id, sender, created_at, next_attempt, priority) VALUES(?, ?, ?, ?, ?)", content_id,
         sender, now, when.value_or(now), std::clamp(priority, -9, 9));
  auto id = db.last_insert_id();
  for (auto& r : recipients) db.run("INSERT INTO queue_recipients(queue_id, address) VALUES(?, ?)", id, r);
  contents::add_refs(db, content_id, 1);
  return id;
}

std::vector<QueueEntry> list(Db& db) { return entries(db, db.prepare(std::string(kColumns) + "ORDER BY q.id")); }

std::optional<QueueEntry> find(Db& db, std::int64_t id) {
  auto all = entries(db, db.query(std::string(kColumns) + "WHERE q.id = ?", id));
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<QueueEntry> due(Db& db, std::int64_t now, int limit) {
  return entries(db, db.query(std::string(kColumns) + "WHERE q.next_attempt <= ? ORDER BY q.priority DESC, q.next_attempt, q.id LIMIT ?",
                              now, limit));
}

void flush(Db& db) { db.run("UPDATE queue SET next_attempt = ?", unix_now()); }

bool remove(Db& db, std::int64_t id) {
  auto& st = db.query("DELETE FROM queue WHERE id = ? RETURNING content_id", id);
  std::optional<std::int64_t> content;
  if (st.step()) content = st.integer(0);
  st.run();
  if (!content) return false;
  contents::release(db, *content);
  return true;
}

void set_recipient(Db& db, std::int64_t recipient_id, std::string_view status, std::string_view reply) {
  db.run("UPDATE queue_recipients SET status = ?, last_reply = ? WHERE id = ?", status, reply, recipient_id);
}

void reschedule(Db& db, std::int64_t id, std::int64_t next_attempt, std::string_view error) {
  db.run("UPDATE queue SET next_attempt = ?, attempts = attempts + 1, last_error = ? WHERE id = ?", next_attempt, error,
         id);
}

void mark_warned(Db& db, std::int64_t id) { db.run("UPDATE queue SET warned = 1 WHERE id = ?", id); }

}  // namespace carteiro::store::queue
