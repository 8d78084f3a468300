#include "carteiro/store/queue_dispatch.hpp"

#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::store::queue {

std::vector<QueueEntry> due_except(Db& db, std::int64_t now, const std::set<std::int64_t>& busy, int limit) {
  // Ids first (cheap, by the next_attempt index), then whole entries for those we keep.
  // Higher priority first (RFC 6710: transferred ahead of lower priorities).
  std::vector<std::int64_t> ids;
  auto& st = db.query("SELECT id FROM queue WHERE next_attempt <= ? ORDER BY priority DESC, next_attempt, id", now);
  while (static_cast<int>(ids.size()) < limit && st.step()) {
    auto id = st.integer(0);
    if (!busy.contains(id)) ids.push_back(id);
  }
  st.reset();
  std::vector<QueueEntry> out;
  out.reserve(ids.size());
  for (auto id : ids)
    if (auto entry = find(db, id)) out.push_back(std::move(*entry));
  return out;
}

std::optional<std::int64_t> next_due_after(Db& db, std::int64_t now) {
  auto& st = db.query("SELECT MIN(next_attempt) FROM queue WHERE next_attempt > ?", now);
  std::optional<std::int64_t> out;
  if (st.step() && !st.is_null(0)) out = st.integer(0);
  st.reset();
  return out;
}

namespace {
std::optional<std::int64_t> content_of(Db& db, std::int64_t id) {
  auto& st = db.query("SELECT content_id FROM queue WHERE id = ?", id);
  std::optional<std::int64_t> out;
  if (st.step()) out = st.integer(0);
  st.reset();
  return out;
}
}  // namespace

std::optional<std::string> message_start(Db& db, std::int64_t id, std::int64_t max) {
  auto content = content_of(db, id);
  if (!content) return std::nullopt;
  return contents::read_piece(db, *content, 0, static_cast<std::size_t>(max));
}

}  // namespace carteiro::store::queue
