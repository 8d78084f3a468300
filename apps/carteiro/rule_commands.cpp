// `carteiro account forward` and `carteiro account vacation`: forwarding and an
// out-of-office reply without writing Sieve. Each is a section of the account's active
// Sieve script (sieve/managed_sections.hpp), so there is one mechanism, which the user also
// sees and may edit over ManageSieve. An account without an active script gets one, "main".
#include <fmt/format.h>

#include <functional>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/sieve/managed_sections.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/sieve_scripts.hpp"
#include "commands.hpp"
#include "sieve_script_files.hpp"

namespace carteiro::cli {

namespace {

constexpr std::string_view kNewScriptName = "main";

// A name for a new script: "main", or "main-2"... when a script that is not active has it.
std::string free_script_name(store::Db& db, std::int64_t account) {
  std::string name(kNewScriptName);
  for (int n = 2; store::sieve_scripts::get(db, account, name); ++n) name = fmt::format("{}-{}", kNewScriptName, n);
  return name;
}

// Rewrites the account's active script with EDIT, checks it, stores and activates it.
void edit_active_script(Context& ctx, store::Db& db, const std::string& address,
                        const std::function<std::string(std::string_view)>& edit) {
  auto account = account_id(db, address);
  auto active = store::sieve_scripts::active(db, account);
  std::string name = active ? active->name : free_script_name(db, account);
  std::string text;
  try {
    text = edit(active ? active->text : "");
  } catch (const sieve::ManagedSectionError& e) {
    throw store::UserError(fmt::format("script \"{}\": {}", name, e.what()));
  }
  store_checked_script(db, ctx.config.sieve, account, name, text);
  if (!active) store::sieve_scripts::set_active(db, account, name);
  fmt::print("updated the active Sieve script \"{}\" of {}\n", name, address);
}

template <typename Make>
sieve::ManagedSection made(Make make) {
  try {
    return make();
  } catch (const sieve::ManagedSectionError& e) {
    throw store::UserError(e.what());
  }
}

struct ForwardArgs {
  std::string address;
  std::string target;
  bool keep = false;
  bool off = false;
};

struct VacationArgs {
  std::string address;
  std::string subject;
  std::string body_file;
  std::string until;
  unsigned days = 7;
  bool off = false;
};

// The new text of the script for the forward command.
std::string forwarded(const ForwardArgs& args, std::string_view script) {
  if (args.off == !args.target.empty())
    throw store::UserError("give a TARGET address to forward to, or --off to stop forwarding");
  if (args.off) return sieve::remove_section(script, "forward");
  auto target = parse_address(args.target);
  if (!target) throw store::UserError(fmt::format("\"{}\" is not a valid address", args.target));
  if (iequals(target->text(), args.address)) throw store::UserError("an account cannot forward to itself");
  return sieve::set_section(script, made([&] { return sieve::forward_section(target->text(), args.keep); }));
}

// The new text of the script for the vacation command.
std::string with_vacation(const VacationArgs& args, std::string_view script) {
  if (args.off) {
    if (!args.subject.empty() || !args.body_file.empty() || !args.until.empty())
      throw store::UserError("--off takes no other option");
    return sieve::remove_section(script, "vacation");
  }
  if (args.subject.empty() || args.body_file.empty())
    throw store::UserError("a vacation reply needs --subject and --body-file (or --off to end it)");
  auto body = read_script_file(args.body_file);
  return sieve::set_section(
      script, made([&] { return sieve::vacation_section({args.subject, body, args.days, args.until}); }));
}

}  // namespace

void add_account_rule_commands(CLI::App& account, Context& ctx) {
  auto fwd = std::make_shared<ForwardArgs>();
  auto* forward_command = account.add_subcommand("forward", "Forward an account's mail (a rule in its Sieve script)");
  forward_command->add_option("ADDRESS", fwd->address, "The account")->required();
  forward_command->add_option("TARGET", fwd->target, "Where to forward to");
  forward_command->add_flag("--keep", fwd->keep, "Keep a copy in the account too");
  forward_command->add_flag("--off", fwd->off, "Stop forwarding");
  forward_command->callback([&ctx, fwd] {
    ctx.transact([&](store::Db& db) {
      edit_active_script(ctx, db, fwd->address, [&](std::string_view s) { return forwarded(*fwd, s); });
    });
  });

  auto vac = std::make_shared<VacationArgs>();
  auto* vacation_command =
      account.add_subcommand("vacation", "Answer mail with an out-of-office reply (a rule in the Sieve script)");
  vacation_command->add_option("ADDRESS", vac->address, "The account")->required();
  vacation_command->add_option("--subject", vac->subject, "The reply's subject");
  vacation_command->add_option("--body-file", vac->body_file, "The reply's text, from a file or - for stdin");
  vacation_command->add_option("--until", vac->until, "The last day to answer, YYYY-MM-DD");
  vacation_command->add_option("--days", vac->days, "Answer each sender at most once in this many days (7)")
      ->check(CLI::Range(1u, 3650u));
  vacation_command->add_flag("--off", vac->off, "Stop answering");
  vacation_command->callback([&ctx, vac] {
    ctx.transact([&](store::Db& db) {
      edit_active_script(ctx, db, vac->address, [&](std::string_view s) { return with_vacation(*vac, s); });
    });
  });
}

}  // namespace carteiro::cli
