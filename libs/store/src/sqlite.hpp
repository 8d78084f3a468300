#pragma once
// The SQLite handles behind Db and Statement, and SQLite's result codes turned into
// store::Error. Only the store's sources include this: its public headers never see SQLite.
#include <sqlite3.h>

#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Db::Native {
  sqlite3* handle = nullptr;
};

struct Statement::Native {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
};

inline sqlite3* sqlite_handle(Db& db) { return db.native().handle; }

// The kind of a result code (primary or extended).
ErrorKind error_kind(int rc);

// Throws store::Error "WHAT: <SQLite's message>" of the kind of RC. DB may be null (an open
// that failed), then the message is the generic one for RC.
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what);

}  // namespace carteiro::store
