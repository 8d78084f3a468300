#pragma once
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Migration {
  std::string name;  // "0001_init.sql"
  std::string sql;
};

// The files of schema/, in order, compiled into the program.
const std::vector<Migration>& embedded_migrations();

// Applies every migration newer than the database's user_version, each in its own
// transaction. Returns how many were applied. Throws store::Error when the database is
// newer than this program.
int migrate(Db& db, const std::vector<Migration>& migrations = embedded_migrations());

}  // namespace carteiro::store
