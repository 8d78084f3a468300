#include <fmt/format.h>

#include "carteiro/auth/password.hpp"
#include "carteiro/store/accounts.hpp"
#include "commands.hpp"

namespace carteiro::cli {

void add_account_commands(CLI::App& app, Context& ctx) {
  auto* account = app.add_subcommand("account", "Mail accounts (each has INBOX, Sent, Drafts, Trash, Junk)");
  account->require_subcommand(1);
  auto address = std::make_shared<std::string>();
  auto from_stdin = std::make_shared<bool>(false);
  auto domain = std::make_shared<std::string>();

  auto* add = account->add_subcommand("add", "Add an account");
  add->add_option("ADDRESS", *address, "e.g. bob@example.com")->required();
  add->add_flag("--password-stdin", *from_stdin, "Read the password from the first line of stdin");
  add->callback([&ctx, address, from_stdin] {
    ctx.transact([&](store::Db& db) {
      // Check the address first, so a typo is reported before a password is asked for.
      if (store::accounts::find(db, *address)) throw store::UserError(fmt::format("{} already exists", *address));
      auto hash = auth::hash_password(read_password(*from_stdin, fmt::format("Password for {}: ", *address)));
      auto a = store::accounts::add(db, *address, hash);
      fmt::print("added account {}\n", a.address);
    });
  });

  auto* passwd = account->add_subcommand("passwd", "Change an account's password");
  passwd->add_option("ADDRESS", *address)->required();
  passwd->add_flag("--password-stdin", *from_stdin, "Read the password from the first line of stdin");
  passwd->callback([&ctx, address, from_stdin] {
    ctx.transact([&](store::Db& db) {
      if (!store::accounts::find(db, *address)) throw store::UserError(fmt::format("no account {}", *address));
      auto hash = auth::hash_password(read_password(*from_stdin, fmt::format("New password for {}: ", *address)));
      store::accounts::set_password_hash(db, *address, hash);
      fmt::print("changed the password of {}\n", *address);
    });
  });

  auto* apop = account->add_subcommand("set-apop", "Set the APOP secret (RFC 1939) from stdin");
  apop->add_option("ADDRESS", *address)->required();
  apop->callback([&ctx, address] {
    ctx.transact([&](store::Db& db) {
      auto secret = read_password(true, "");
      store::accounts::set_apop_secret(db, *address, secret);
      fmt::print("set the APOP secret of {}\n", *address);
    });
  });

  auto* del = account->add_subcommand("del", "Delete an account and all its mail");
  del->add_option("ADDRESS", *address)->required();
  del->callback([&ctx, address] {
    ctx.transact([&](store::Db& db) {
      store::accounts::remove(db, *address);
      fmt::print("deleted account {}\n", *address);
    });
  });

  auto* list = account->add_subcommand("list", "List accounts");
  list->add_option("DOMAIN", *domain, "Only this domain");
  list->callback([&ctx, domain] {
    ctx.transact([&](store::Db& db) {
      auto all = store::accounts::list(db, domain->empty() ? std::nullopt : std::optional<std::string>(*domain));
      for (auto& a : all) fmt::print("{}{}\n", a.address, a.apop_secret ? "  (APOP)" : "");
    });
  });

  add_account_quota_command(*account, ctx);
  add_account_rule_commands(*account, ctx);
}

}  // namespace carteiro::cli
