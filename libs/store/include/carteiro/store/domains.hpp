#pragma once
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Domain {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> catch_all;
};

namespace domains {
Domain add(Db& db, std::string_view name);          // UserError: malformed or duplicate
void remove(Db& db, std::string_view name);         // UserError: unknown; cascades accounts
std::vector<Domain> list(Db& db);
std::optional<Domain> find(Db& db, std::string_view name);
bool is_local(Db& db, std::string_view name);
void set_catch_all(Db& db, std::string_view name, std::optional<std::string> target);
}  // namespace domains

}  // namespace carteiro::store
