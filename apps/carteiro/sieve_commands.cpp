// `carteiro sieve`: an account's Sieve scripts (RFC 5228), the same ones the user manages
// over ManageSieve. A script is compiled before it is stored; one that does not compile is
// refused with its line and column.
#include <fmt/format.h>

#include "carteiro/store/sieve_scripts.hpp"
#include "commands.hpp"
#include "sieve_script_files.hpp"

namespace carteiro::cli {

namespace {

struct SieveArgs {
  std::string account;
  std::string name;
  std::string file = "-";
  std::string new_name;
};

CLI::App* with_account(CLI::App* command, SieveArgs& args) {
  command->add_option("ACCOUNT", args.account, "The account's address")->required();
  return command;
}

CLI::App* with_name(CLI::App* command, SieveArgs& args) {
  with_account(command, args)->add_option("NAME", args.name, "The script's name")->required();
  return command;
}

}  // namespace

void add_sieve_commands(CLI::App& app, Context& ctx) {
  auto* sieve = app.add_subcommand("sieve", "Accounts' Sieve scripts (mail rules run at delivery)");
  sieve->require_subcommand(1);
  auto args = std::make_shared<SieveArgs>();

  with_account(sieve->add_subcommand("list", "List an account's scripts"), *args)->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      for (const auto& s : store::sieve_scripts::list(db, account_id(db, args->account)))
        fmt::print("{}\t{} octets{}\n", s.name, s.size, s.active ? "\tactive" : "");
    });
  });

  with_name(sieve->add_subcommand("get", "Print a script"), *args)->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      auto text = store::sieve_scripts::get(db, account_id(db, args->account), args->name);
      if (!text) throw store::UserError(fmt::format("no script named \"{}\"", args->name));
      fmt::print("{}", *text);
    });
  });

  auto* put = with_name(sieve->add_subcommand("put", "Store a script (replacing one of the same name) once it compiles"),
                        *args);
  put->add_option("FILE", args->file, "The script's file, or - for stdin (the default)");
  put->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      auto text = read_script_file(args->file);
      store_checked_script(db, ctx.config.sieve, account_id(db, args->account), args->name, text);
      fmt::print("stored script \"{}\" ({} octets)\n", args->name, text.size());
    });
  });

  with_name(sieve->add_subcommand("activate", "Make a script the one run at delivery"), *args)->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      store::sieve_scripts::set_active(db, account_id(db, args->account), args->name);
      fmt::print("\"{}\" is the active script of {}\n", args->name, args->account);
    });
  });

  with_account(sieve->add_subcommand("deactivate", "Run no script at delivery"), *args)->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      store::sieve_scripts::set_active(db, account_id(db, args->account), "");
      fmt::print("{} has no active script\n", args->account);
    });
  });

  with_name(sieve->add_subcommand("delete", "Delete a script (not the active one)"), *args)->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      store::sieve_scripts::remove(db, account_id(db, args->account), args->name);
      fmt::print("deleted script \"{}\"\n", args->name);
    });
  });

  auto* rename = with_name(sieve->add_subcommand("rename", "Rename a script"), *args);
  rename->add_option("NEW_NAME", args->new_name, "The script's new name")->required();
  rename->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      store::sieve_scripts::rename(db, account_id(db, args->account), args->name, args->new_name);
      fmt::print("renamed script \"{}\" to \"{}\"\n", args->name, args->new_name);
    });
  });
}

}  // namespace carteiro::cli
