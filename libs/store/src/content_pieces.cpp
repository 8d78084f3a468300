#include "carteiro/store/content_pieces.hpp"

#include <algorithm>

#include "blob_handle.hpp"

namespace carteiro::store {

namespace {

// One read transaction around a placement check and the blob read, so the content cannot
// be deleted between them. Store::read runs its function outside any transaction; inside
// one already (a caller's own), this adds nothing.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db) : db_(db), began_(sqlite3_get_autocommit(sqlite_handle(db)) != 0) {
    if (began_) db_.exec("BEGIN");
  }
  ~ReadSnapshot() {
    if (began_) sqlite3_exec(sqlite_handle(db_), "COMMIT", nullptr, nullptr, nullptr);  // read only: cannot lose data
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Db& db_;
  bool began_;
};

bool content_exists(Db& db, std::int64_t content_id) {
  auto& st = db.query("SELECT 1 FROM contents WHERE id = ?", content_id);
  bool found = st.step();
  st.reset();
  return found;
}

// The octets of [OFFSET, OFFSET + MAX) that the blob has, appended to OUT.
void read_from(BlobHandle& blob, std::int64_t offset, std::size_t max, std::string& out) {
  const std::int64_t size = blob.size();
  if (offset < 0 || offset >= size) return;
  const auto length = std::min<std::int64_t>(static_cast<std::int64_t>(max), size - offset);
  // Blob sizes are ints in SQLite's API (and below SQLITE_MAX_LENGTH), so these fit.
  blob.read(static_cast<int>(offset), static_cast<int>(length), out);
}

}  // namespace

namespace contents {

std::optional<std::string> read_piece(Db& db, std::int64_t content_id, std::int64_t offset, std::size_t max) {
  ReadSnapshot snapshot(db);
  if (!content_exists(db, content_id)) return std::nullopt;
  BlobHandle blob(sqlite_handle(db), content_id, BlobHandle::Mode::read);
  std::string out;
  read_from(blob, offset, max, out);
  return out;
}

bool scan(Db& db, std::int64_t content_id, std::size_t piece, const std::function<bool(std::string_view)>& visit) {
  ReadSnapshot snapshot(db);
  if (!content_exists(db, content_id)) return false;
  BlobHandle blob(sqlite_handle(db), content_id, BlobHandle::Mode::read);
  std::string buffer;
  for (std::int64_t offset = 0; offset < blob.size(); offset += static_cast<std::int64_t>(buffer.size())) {
    buffer.clear();
    read_from(blob, offset, piece, buffer);
    if (buffer.empty() || !visit(buffer)) break;
  }
  return true;
}

}  // namespace contents

namespace messages {

std::optional<std::string> read_piece(Db& db, std::int64_t mailbox_id, std::int64_t uid, std::int64_t offset,
                                      std::size_t max) {
  ReadSnapshot snapshot(db);
  auto& st = db.query("SELECT content_id FROM messages WHERE mailbox_id = ? AND uid = ?", mailbox_id, uid);
  std::optional<std::int64_t> content_id;
  if (st.step()) content_id = st.integer(0);
  st.reset();
  if (!content_id) return std::nullopt;
  return contents::read_piece(db, *content_id, offset, max);
}

}  // namespace messages

namespace queue {

bool holds(Db& db, const QueuedContent& queued) {
  auto& st = db.query("SELECT 1 FROM queue WHERE id = ? AND content_id = ? AND created_at = ?", queued.queue_id,
                      queued.content_id, queued.created_at);
  bool found = st.step();
  st.reset();
  return found;
}

std::optional<std::string> read_piece(Db& db, const QueuedContent& queued, std::int64_t offset, std::size_t max) {
  ReadSnapshot snapshot(db);
  if (!holds(db, queued)) return std::nullopt;
  return contents::read_piece(db, queued.content_id, offset, max);
}

}  // namespace queue

}  // namespace carteiro::store
