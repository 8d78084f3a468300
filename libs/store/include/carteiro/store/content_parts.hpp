#pragma once
// Storing a large message without copying it whole once more. Binding one blob makes
// SQLite build the whole row in memory; here the row is inserted with a zeroblob() of the
// right size and the bytes are written into it with incremental BLOB I/O
// (SQLite's incremental blob writes), straight from where they already are (a spool's mmap).
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "carteiro/store/db.hpp"
#include "carteiro/store/messages.hpp"

namespace carteiro::store::contents {

// Like insert(), with the content made of PARTS one after another (header fields added
// at delivery, then the message as received). Throws store::Error.
std::int64_t insert_parts(Db& db, std::initializer_list<std::string_view> parts, const ContentMeta& meta);

}  // namespace carteiro::store::contents
