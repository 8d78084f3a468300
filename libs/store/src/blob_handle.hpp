#pragma once
// An open sqlite3_blob on contents.data (incremental BLOB I/O), closed on every path. Used
// within one call on one connection: never kept across a co_await of the I/O side.
#include "sqlite.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace carteiro::store {

class BlobHandle {
 public:
  enum class Mode { read, write };
  // Throws store::Error when the row cannot be opened.
  BlobHandle(sqlite3* db, std::int64_t row, Mode mode);
  ~BlobHandle() { sqlite3_blob_close(blob_); }
  BlobHandle(const BlobHandle&) = delete;
  BlobHandle& operator=(const BlobHandle&) = delete;

  std::int64_t size() const { return sqlite3_blob_bytes(blob_); }
  void write(std::string_view bytes, int offset);
  // Appends LENGTH octets from OFFSET (within size()) to OUT.
  void read(int offset, int length, std::string& out);

 private:
  sqlite3* db_;
  sqlite3_blob* blob_ = nullptr;
};

}  // namespace carteiro::store
