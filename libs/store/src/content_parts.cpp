#include "carteiro/store/content_parts.hpp"

#include <fmt/format.h>

#include <limits>

namespace carteiro::store::contents {

namespace {

// Closes the blob handle on every path; a failed write must not leave it open.
class BlobHandle {
 public:
  BlobHandle(sqlite3* db, std::int64_t row) : db_(db) {
    if (int rc = sqlite3_blob_open(db, "main", "contents", "data", row, 1, &blob_); rc != SQLITE_OK) {
      sqlite3_blob_close(blob_);  // a no-op on null; SQLite may hand back a handle anyway
      throw Error(fmt::format("open content {} for writing: {}", row, sqlite3_errmsg(db)), rc);
    }
  }
  ~BlobHandle() { sqlite3_blob_close(blob_); }
  BlobHandle(const BlobHandle&) = delete;
  BlobHandle& operator=(const BlobHandle&) = delete;

  void write(std::string_view bytes, int offset) {
    if (bytes.empty()) return;
    if (int rc = sqlite3_blob_write(blob_, bytes.data(), static_cast<int>(bytes.size()), offset); rc != SQLITE_OK)
      throw Error(fmt::format("write content: {}", sqlite3_errmsg(db_)), rc);
  }

 private:
  sqlite3* db_;
  sqlite3_blob* blob_ = nullptr;
};

}  // namespace

std::int64_t insert_parts(Db& db, std::initializer_list<std::string_view> parts, const ContentMeta& meta) {
  std::uint64_t total = 0;
  for (auto part : parts) total += part.size();
  // sqlite3_blob_write counts in int; SQLite's own limit on a blob is lower still.
  if (total > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    throw Error(fmt::format("content of {} octets is too large to store", total), SQLITE_TOOBIG);
  db.run("INSERT INTO contents(refcount, size, header_size, envelope, bodystructure, body, data) "
         "VALUES(0, ?, ?, ?, ?, ?, zeroblob(?))",
         static_cast<std::int64_t>(total), meta.header_size, meta.envelope, meta.bodystructure, meta.body,
         static_cast<std::int64_t>(total));
  auto id = db.last_insert_id();
  BlobHandle blob(db.handle(), id);
  int offset = 0;
  for (auto part : parts) {
    blob.write(part, offset);
    offset += static_cast<int>(part.size());
  }
  return id;
}

}  // namespace carteiro::store::contents
