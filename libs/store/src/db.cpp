#include "carteiro/store/db.hpp"

#include <fmt/format.h>

#include "sqlite.hpp"

namespace carteiro::store {

ErrorKind error_kind(int rc) {
  switch (rc & 0xff) {  // the primary code: extended codes keep it in the low byte
    case SQLITE_FULL:
      return ErrorKind::full;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorKind::busy;
    case SQLITE_IOERR:
      return ErrorKind::io;
    case SQLITE_CONSTRAINT:
      return ErrorKind::constraint;
    case SQLITE_TOOBIG:
      return ErrorKind::too_big;
    default:
      return ErrorKind::other;
  }
}

void fail(sqlite3* db, int rc, std::string_view what) {
  throw Error(fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), error_kind(rc));
}

Statement::Statement(Db& db, std::string_view sql) : native_(std::make_unique<Native>()) {
  native_->db = sqlite_handle(db);
  int rc = sqlite3_prepare_v3(native_->db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &native_->stmt, nullptr);
  if (rc != SQLITE_OK) fail(native_->db, rc, fmt::format("prepare \"{}\"", sql));
}

Statement::~Statement() { sqlite3_finalize(native_->stmt); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(native_->stmt, i, v); rc != SQLITE_OK) fail(native_->db, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  if (int rc = sqlite3_bind_text64(native_->stmt, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8); rc != SQLITE_OK)
    fail(native_->db, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, Blob v) {
  // SQLITE_STATIC: the caller keeps the bytes alive until the statement has run, which
  // avoids copying a whole message once more.
  if (int rc = sqlite3_bind_blob64(native_->stmt, i, v.bytes.data(), v.bytes.size(), SQLITE_STATIC); rc != SQLITE_OK)
    fail(native_->db, rc, "bind");
  return *this;
}
Statement& Statement::bind(int i, std::nullptr_t) {
  if (int rc = sqlite3_bind_null(native_->stmt, i); rc != SQLITE_OK) fail(native_->db, rc, "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(native_->stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(native_->stmt) ? sqlite3_sql(native_->stmt) : "";
  sqlite3_reset(native_->stmt);
  fail(native_->db, rc, fmt::format("step \"{}\"", sql));
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(native_->stmt);
  sqlite3_clear_bindings(native_->stmt);
}

std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(native_->stmt, col); }
std::string Statement::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(native_->stmt, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(native_->stmt, col))) : std::string();
}
std::string_view Statement::blob(int col) const {
  auto* p = static_cast<const char*>(sqlite3_column_blob(native_->stmt, col));
  return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(native_->stmt, col))) : std::string_view();
}
bool Statement::is_null(int col) const { return sqlite3_column_type(native_->stmt, col) == SQLITE_NULL; }
std::optional<std::string> Statement::optional_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

Db::Db(const std::filesystem::path& file, OpenMode mode, std::string_view synchronous)
    : native_(std::make_unique<Native>()) {
  sqlite3*& handle = native_->handle;
  int flags = SQLITE_OPEN_NOMUTEX |
              (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(file.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close(handle);
    handle = nullptr;
    throw Error(fmt::format("cannot open {}: {}", file.string(), msg), error_kind(rc));
  }
  // The daemon and the CLI share the file: wait for each other instead of failing.
  sqlite3_busy_timeout(handle, 10000);
  if (mode == OpenMode::read_write) exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA foreign_keys=ON");
  exec(fmt::format("PRAGMA synchronous={}", synchronous == "normal" ? "NORMAL" : "FULL"));
  // Reads through a memory map: pages come from the page cache without a copy per read,
  // which halves the time of a large FETCH. The map is address space, not memory.
  exec("PRAGMA mmap_size=4294967296");
}

Db::~Db() {
  cache_.clear();  // finalize statements before closing
  if (native_->handle) sqlite3_close(native_->handle);
}

Statement& Db::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(*this, sql)).first;
  } else {
    it->second->reset();
  }
  return *it->second;
}

void Db::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(native_->handle, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(fmt::format("{}: {}", s.substr(0, 60), msg), error_kind(rc));
  }
}

std::int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(native_->handle); }
int Db::changes() const { return sqlite3_changes(native_->handle); }

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}
void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace carteiro::store
