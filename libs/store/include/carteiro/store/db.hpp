#pragma once
// A thin RAII layer over one SQLite connection: prepared statements cached by SQL text,
// errors thrown as store::Error with SQLite's message. Not thread-safe: one Db per thread.
// SQLite itself stays private to the store: the connection and statement handles live in
// src/sqlite.hpp, and callers see only rows, values and the kind of an error.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace carteiro::store {

// What went wrong, in the terms a protocol answers in.
enum class ErrorKind {
  full,        // the disk or the database is full
  busy,        // another connection held the database past the busy timeout
  io,          // the disk failed to read or write
  constraint,  // a row broke a UNIQUE, FOREIGN KEY or CHECK rule
  too_big,     // a value larger than the store takes
  other,       // anything else (a bad statement, a corrupt or read-only file...)
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, ErrorKind kind = ErrorKind::other) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  bool full() const { return kind_ == ErrorKind::full; }
  // The store cannot take it now but may later (disk full or failing, busy past the busy
  // timeout): protocols answer with their temporary error.
  bool temporary() const { return kind_ == ErrorKind::full || kind_ == ErrorKind::busy || kind_ == ErrorKind::io; }

 private:
  ErrorKind kind_;
};

// A request that cannot be satisfied for a reason the user should be told (unknown domain,
// duplicate address...). Protocols and the CLI show what() as is.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Blob {
  std::string_view bytes;
};

class Db;

class Statement {
 public:
  struct Native;  // the SQLite statement (src/sqlite.hpp)

  // Prepares SQL on DB's connection; throws store::Error when it does not compile.
  Statement(Db& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind(int index, unsigned v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, Blob v);
  Statement& bind(int index, std::nullptr_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }
  template <typename... Args>
  Statement& bind_all(const Args&... args) {
    int i = 1;
    (bind(i++, args), ...);
    return *this;
  }

  bool step();   // true while there is a row
  void run();    // step to completion, expecting no rows
  void reset();

  std::int64_t integer(int col) const;
  std::string text(int col) const;
  std::string_view blob(int col) const;  // valid until the next step/reset
  bool is_null(int col) const;
  std::optional<std::string> optional_text(int col) const;

 private:
  std::unique_ptr<Native> native_;
};

enum class OpenMode { read_write, read_only };

class Db {
 public:
  struct Native;  // the SQLite connection (src/sqlite.hpp)

  // Opens (creating if needed) and sets WAL, foreign keys, busy timeout and synchronous.
  Db(const std::filesystem::path& file, OpenMode mode = OpenMode::read_write,
     std::string_view synchronous = "full");
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // A cached statement, reset and with bindings cleared, ready to bind and step.
  Statement& prepare(std::string_view sql);
  template <typename... Args>
  Statement& query(std::string_view sql, const Args&... args) {
    auto& st = prepare(sql);
    st.bind_all(args...);
    return st;
  }
  template <typename... Args>
  void run(std::string_view sql, const Args&... args) {
    query(sql, args...).run();
  }
  void exec(std::string_view sql);  // one or more statements, no parameters
  std::int64_t last_insert_id() const;
  int changes() const;
  // For the store's own sources, which alone see the definition.
  Native& native() { return *native_; }

 private:
  std::unique_ptr<Native> native_;  // declared first: closed after the statements
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed (used by the CLI; the daemon's
// writer wraps every write request in its own transaction and savepoint).
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  void commit();
 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace carteiro::store
