#include <fmt/format.h>
#include <fmt/ranges.h>

#include "carteiro/store/aliases.hpp"
#include "commands.hpp"

namespace carteiro::cli {

void add_alias_commands(CLI::App& app, Context& ctx) {
  auto* alias = app.add_subcommand("alias", "Aliases: an address that forwards to one or more others");
  alias->require_subcommand(1);
  auto address = std::make_shared<std::string>();
  auto targets = std::make_shared<std::vector<std::string>>();

  auto* add = alias->add_subcommand("add", "Add targets to an alias (created if new)");
  add->add_option("ALIAS", *address, "e.g. info@example.com")->required();
  add->add_option("TARGET", *targets, "Addresses it delivers to (local or remote)")->required();
  add->callback([&ctx, address, targets] {
    ctx.transact([&](store::Db& db) {
      store::aliases::add(db, *address, *targets);
      fmt::print("{} -> {}\n", *address, fmt::join(store::aliases::targets(db, *address), ", "));
    });
  });

  auto* del = alias->add_subcommand("del", "Delete an alias, or only some of its targets");
  del->add_option("ALIAS", *address)->required();
  del->add_option("TARGET", *targets, "Only these targets");
  del->callback([&ctx, address, targets] {
    ctx.transact([&](store::Db& db) {
      store::aliases::remove(db, *address, *targets);
      fmt::print("deleted {}\n", targets->empty() ? *address : fmt::format("{} -> {}", *address, fmt::join(*targets, ", ")));
    });
  });

  auto* list = alias->add_subcommand("list", "List aliases");
  list->callback([&ctx] {
    ctx.transact([](store::Db& db) {
      for (auto& a : store::aliases::list(db)) fmt::print("{} -> {}\n", a.address, fmt::join(a.targets, ", "));
    });
  });
}

}  // namespace carteiro::cli
