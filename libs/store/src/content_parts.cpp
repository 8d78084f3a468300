#include "carteiro/store/content_parts.hpp"

#include <fmt/format.h>

#include <limits>

#include "blob_handle.hpp"

namespace carteiro::store::contents {

std::int64_t insert_parts(Db& db, std::initializer_list<std::string_view> parts, const ContentMeta& meta) {
  std::uint64_t total = 0;
  for (auto part : parts) total += part.size();
  // sqlite3_blob_write counts in int; SQLite's own limit on a blob is lower still.
  if (total > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
    throw Error(fmt::format("content of {} octets is too large to store", total), ErrorKind::too_big);
  db.run("INSERT INTO contents(refcount, size, header_size, envelope, bodystructure, body, data) "
         "VALUES(0, ?, ?, ?, ?, ?, zeroblob(?))",
         static_cast<std::int64_t>(total), meta.header_size, meta.envelope, meta.bodystructure, meta.body,
         static_cast<std::int64_t>(total));
  auto id = db.last_insert_id();
  BlobHandle blob(sqlite_handle(db), id, BlobHandle::Mode::write);
  int offset = 0;
  for (auto part : parts) {
    blob.write(part, offset);
    offset += static_cast<int>(part.size());
  }
  return id;
}

}  // namespace carteiro::store::contents
