#include "carteiro/store/migrations.hpp"

#include <fmt/format.h>

namespace carteiro::store {

int migrate(Db& db, const std::vector<Migration>& migrations) {
  auto current = [&] {
    auto& st = db.prepare("PRAGMA user_version");
    st.step();
    auto v = st.integer(0);
    st.reset();
    return v;
  };
  // BEGIN IMMEDIATE first so that a daemon and a CLI starting together migrate once.
  int applied = 0;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    Transaction tx(db);
    auto version = current();
    if (version > static_cast<std::int64_t>(migrations.size()))
      throw Error(fmt::format("the database has schema version {}, newer than this program knows ({})",
                              version, migrations.size()));
    if (version > static_cast<std::int64_t>(i)) continue;
    db.exec(migrations[i].sql);
    db.exec(fmt::format("PRAGMA user_version={}", i + 1));
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace carteiro::store
