#include <fmt/format.h>

#include "carteiro/store/lists.hpp"
#include "commands.hpp"

namespace carteiro::cli {

void add_list_commands(CLI::App& app, Context& ctx) {
  auto* list = app.add_subcommand("list", "Mailing lists: a post to the list goes to every member");
  list->require_subcommand(1);
  auto address = std::make_shared<std::string>();
  auto member = std::make_shared<std::string>();
  auto members_only = std::make_shared<bool>(false);

  auto* create = list->add_subcommand("create", "Create a list");
  create->add_option("LIST", *address, "e.g. team@example.com")->required();
  create->add_flag("--members-only", *members_only, "Only members may post");
  create->callback([&ctx, address, members_only] {
    ctx.transact([&](store::Db& db) {
      auto l = store::lists::create(db, *address, *members_only);
      fmt::print("created list {}{}\n", l.address, l.members_only ? " (members only)" : "");
    });
  });

  auto* add = list->add_subcommand("add", "Add a member");
  add->add_option("LIST", *address)->required();
  add->add_option("ADDRESS", *member)->required();
  add->callback([&ctx, address, member] {
    ctx.transact([&](store::Db& db) {
      store::lists::add_member(db, *address, *member);
      fmt::print("added {} to {}\n", *member, *address);
    });
  });

  auto* remove = list->add_subcommand("remove", "Remove a member");
  remove->add_option("LIST", *address)->required();
  remove->add_option("ADDRESS", *member)->required();
  remove->callback([&ctx, address, member] {
    ctx.transact([&](store::Db& db) {
      store::lists::remove_member(db, *address, *member);
      fmt::print("removed {} from {}\n", *member, *address);
    });
  });

  auto subscription = std::make_shared<std::string>();
  auto* set = list->add_subcommand("set", "Change a list's settings");
  set->add_option("LIST", *address)->required();
  set->add_option("--subscription", *subscription,
                  "open: anyone may join by mail to LIST-request (confirmed by a reply); closed: only the admin adds")
      ->required()
      ->check(CLI::IsMember({"open", "closed"}));
  set->callback([&ctx, address, subscription] {
    ctx.transact([&](store::Db& db) {
      store::lists::set_open_subscription(db, *address, *subscription == "open");
      fmt::print("{}: subscription {}\n", *address, *subscription);
    });
  });

  auto* show = list->add_subcommand("show", "Show a list and its members");
  show->add_option("LIST", *address)->required();
  show->callback([&ctx, address] {
    ctx.transact([&](store::Db& db) {
      auto l = store::lists::find(db, *address);
      if (!l) throw store::UserError(fmt::format("no list {}", *address));
      fmt::print("{}{}, subscription {}, {} members\n", l->address, l->members_only ? " (members only)" : "",
                 l->open_subscription ? "open" : "closed", l->members.size());
      for (auto& m : l->members) fmt::print("  {}\n", m);
    });
  });

  auto* del = list->add_subcommand("del", "Delete a list");
  del->add_option("LIST", *address)->required();
  del->callback([&ctx, address] {
    ctx.transact([&](store::Db& db) {
      store::lists::remove(db, *address);
      fmt::print("deleted list {}\n", *address);
    });
  });

  auto* all = list->add_subcommand("list", "List all lists");
  all->callback([&ctx] {
    ctx.transact([](store::Db& db) {
      for (auto& l : store::lists::list(db))
        fmt::print("{}  {} members{}\n", l.address, l.members.size(), l.members_only ? ", members only" : "");
    });
  });
}

}  // namespace carteiro::cli
