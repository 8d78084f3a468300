// carteiro: the admin CLI. Works on the same database as a running carteirod (SQLite WAL
// with a busy timeout); every change is one transaction, so a failure leaves nothing half done.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "carteiro/common/config.hpp"
#include "commands.hpp"

using namespace carteiro;

int main(int argc, char** argv) {
  CLI::App app{"carteiro: administer a Carteiro mail server (domains, accounts, aliases, lists, queue, Sieve scripts)"};
  app.require_subcommand(1);
  std::string config_file;
  app.add_option("-c,--config", config_file, "carteirod's TOML configuration (to find the data directory)");

  cli::Context ctx;
  cli::add_domain_commands(app, ctx);
  cli::add_account_commands(app, ctx);
  cli::add_alias_commands(app, ctx);
  cli::add_list_commands(app, ctx);
  cli::add_queue_commands(app, ctx);
  cli::add_sieve_commands(app, ctx);
  cli::add_check_commands(app, ctx);

  app.parse_complete_callback([&] {
    try {
      ctx.config = load_config(config_file);
    } catch (const ConfigError& e) {
      throw CLI::Error("ConfigError", e.what(), 2);
    }
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const CLI::Error& e) {
    std::fprintf(stderr, "carteiro: %s\n", e.what());
    return e.get_exit_code();
  }
  return ctx.status;
}
