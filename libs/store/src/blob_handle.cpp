#include "blob_handle.hpp"

#include <fmt/format.h>


namespace carteiro::store {

BlobHandle::BlobHandle(sqlite3* db, std::int64_t row, Mode mode) : db_(db) {
  const int writable = mode == Mode::write ? 1 : 0;
  if (int rc = sqlite3_blob_open(db, "main", "contents", "data", row, writable, &blob_); rc != SQLITE_OK) {
    sqlite3_blob_close(blob_);  // a no-op on null; SQLite may hand back a handle anyway
    blob_ = nullptr;
    fail(db, rc, fmt::format("open content {} for {}", row, writable ? "writing" : "reading"));
  }
}

void BlobHandle::write(std::string_view bytes, int offset) {
  if (bytes.empty()) return;
  if (int rc = sqlite3_blob_write(blob_, bytes.data(), static_cast<int>(bytes.size()), offset); rc != SQLITE_OK)
    fail(db_, rc, "write content");
}

void BlobHandle::read(int offset, int length, std::string& out) {
  if (length <= 0) return;
  const auto start = out.size();
  out.resize(start + static_cast<std::size_t>(length));
  if (int rc = sqlite3_blob_read(blob_, out.data() + start, length, offset); rc != SQLITE_OK) {
    out.resize(start);
    fail(db_, rc, "read content");
  }
}

}  // namespace carteiro::store
