// `carteiro domain dns DOMAIN`: every record the domain needs, ready to paste into its
// zone file; `carteiro domain check DOMAIN`: the same records looked up in the live DNS
// (the configured `[dns] servers`), line by line.
#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "commands.hpp"
#include "domain_check.hpp"
#include "domain_records.hpp"

namespace carteiro::cli {

namespace {

void print_records(const std::vector<PublishedRecord>& records) {
  for (const auto& record : records) {
    for (const auto& line : record.comment) fmt::print("; {}\n", line);
    fmt::print("{}\n\n", zone_line(record));
  }
}

}  // namespace

void add_domain_dns_commands(CLI::App& domain, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* dns = domain.add_subcommand("dns", "Print the DNS records to publish for a domain (zone file lines)");
  dns->add_option("DOMAIN", *name)->required();
  dns->callback([&ctx, name] {
    ctx.transact([&](store::Db& db) {
      auto keys = listed_dkim_keys(db, *name);
      fmt::print("; DNS records for {} (carteiro domain dns)\n\n", to_lower(*name));
      print_records(records_to_publish(ctx.config, to_lower(*name), keys));
    });
  });

  auto* check = domain.add_subcommand("check", "Look up a domain's records in the live DNS and say what is wrong");
  check->add_option("DOMAIN", *name)->required();
  check->callback([&ctx, name] {
    std::vector<PublishedRecord> records;
    ctx.transact([&](store::Db& db) { records = records_to_publish(ctx.config, to_lower(*name), listed_dkim_keys(db, *name)); });
    if (ctx.status != 0) return;
    try {
      if (!check_records(ctx.config, to_lower(*name), records)) ctx.status = 1;
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "carteiro: %s\n", e.what());
      ctx.status = 2;
    }
  });
}

}  // namespace carteiro::cli
