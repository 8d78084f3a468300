#include "carteiro/store/migrations.hpp"

#include <fmt/format.h>

namespace carteiro::store {

namespace {
// "0005_pop3_sizes.sql" -> 5. A database's user_version is the number of the newest
// migration applied, so numbers may leave gaps and files may land in any order of work.
std::int64_t number_of(const Migration& m) {
  std::int64_t n = 0;
  std::size_t i = 0;
  for (; i < m.name.size() && m.name[i] >= '0' && m.name[i] <= '9'; ++i) n = n * 10 + (m.name[i] - '0');
  if (i == 0 || n <= 0) throw Error(fmt::format("migration {} has no number", m.name));
  return n;
}
}  // namespace

int migrate(Db& db, const std::vector<Migration>& migrations) {
  auto current = [&] {
    auto& st = db.prepare("PRAGMA user_version");
    st.step();
    auto v = st.integer(0);
    st.reset();
    return v;
  };
  std::int64_t previous = 0;
  for (auto& m : migrations) {
    auto n = number_of(m);
    if (n <= previous) throw Error(fmt::format("migrations out of order or numbered twice at {}", m.name));
    previous = n;
  }
  int applied = 0;
  for (auto& m : migrations) {
    // BEGIN IMMEDIATE first, so that a daemon and a CLI starting together migrate once.
    Transaction tx(db);
    auto version = current();
    if (version > previous)
      throw Error(fmt::format("the database has schema version {}, newer than this program knows ({})", version,
                              previous));
    auto n = number_of(m);
    if (version >= n) continue;
    db.exec(m.sql);
    db.exec(fmt::format("PRAGMA user_version={}", n));
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace carteiro::store
