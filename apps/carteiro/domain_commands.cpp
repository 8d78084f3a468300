#include <fmt/format.h>

#include "carteiro/store/domains.hpp"
#include "commands.hpp"

namespace carteiro::cli {

void add_domain_commands(CLI::App& app, Context& ctx) {
  auto* domain = app.add_subcommand("domain", "Local domains (mail for them is delivered here)");
  domain->require_subcommand(1);
  auto name = std::make_shared<std::string>();
  auto catch_all = std::make_shared<std::string>();

  auto* add = domain->add_subcommand("add", "Add a local domain");
  add->add_option("NAME", *name, "Domain name, e.g. example.com")->required();
  add->add_option("--catch-all", *catch_all, "Address that receives mail for unknown local parts");
  add->callback([&ctx, name, catch_all] {
    ctx.transact([&](store::Db& db) {
      auto d = store::domains::add(db, *name);
      if (!catch_all->empty()) store::domains::set_catch_all(db, d.name, *catch_all);
      make_dkim_keys(db, d.name, 0);
      fmt::print("added domain {} (DKIM keys made: `carteiro domain dns {}` prints the records to publish)\n", d.name,
                 d.name);
    });
  });

  auto* del = domain->add_subcommand("del", "Delete a domain with its accounts and their mail");
  del->add_option("NAME", *name)->required();
  del->callback([&ctx, name] {
    ctx.transact([&](store::Db& db) {
      store::domains::remove(db, *name);
      fmt::print("deleted domain {}\n", *name);
    });
  });

  auto* list = domain->add_subcommand("list", "List local domains");
  list->callback([&ctx] {
    ctx.transact([](store::Db& db) {
      for (auto& d : store::domains::list(db))
        fmt::print("{}{}\n", d.name, d.catch_all ? fmt::format("  (catch-all: {})", *d.catch_all) : "");
    });
  });

  add_domain_quota_command(*domain, ctx);
  add_domain_dkim_command(*domain, ctx);
  add_domain_dns_commands(*domain, ctx);
}

}  // namespace carteiro::cli
