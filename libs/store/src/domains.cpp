#include "carteiro/store/domains.hpp"

#include <fmt/format.h>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"

namespace carteiro::store::domains {

namespace {
Domain row(Statement& st) { return Domain{st.integer(0), st.text(1), st.optional_text(2)}; }
}  // namespace

Domain add(Db& db, std::string_view name) {
  std::string n = to_lower(name);
  if (!valid_domain(n) || n.front() == '[') throw UserError(fmt::format("\"{}\" is not a valid domain name", name));
  if (find(db, n)) throw UserError(fmt::format("domain {} already exists", n));
  db.run("INSERT INTO domains(name, created_at) VALUES(?, ?)", n, unix_now());
  return Domain{db.last_insert_id(), n, std::nullopt};
}

void remove(Db& db, std::string_view name) {
  auto d = find(db, name);
  if (!d) throw UserError(fmt::format("no domain {}", name));
  // Contents of the domain's messages lose their references through messages' cascade;
  // orphaned contents are collected here.
  db.run("DELETE FROM domains WHERE id = ?", d->id);
  db.run("DELETE FROM contents WHERE refcount <= 0 OR (id NOT IN (SELECT content_id FROM messages) "
         "AND id NOT IN (SELECT content_id FROM queue))");
}

std::vector<Domain> list(Db& db) {
  std::vector<Domain> out;
  auto& st = db.prepare("SELECT id, name, catch_all FROM domains ORDER BY name");
  while (st.step()) out.push_back(row(st));
  return out;
}

std::optional<Domain> find(Db& db, std::string_view name) {
  auto& st = db.query("SELECT id, name, catch_all FROM domains WHERE name = ?", name);
  std::optional<Domain> d;
  if (st.step()) d = row(st);
  st.reset();
  return d;
}

bool is_local(Db& db, std::string_view name) { return find(db, name).has_value(); }

void set_catch_all(Db& db, std::string_view name, std::optional<std::string> target) {
  if (!find(db, name)) throw UserError(fmt::format("no domain {}", name));
  if (target && !parse_address(*target)) throw UserError(fmt::format("\"{}\" is not a valid address", *target));
  db.run("UPDATE domains SET catch_all = ? WHERE name = ?", target, name);
}

}  // namespace carteiro::store::domains
