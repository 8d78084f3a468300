#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

#include "carteiro/common/config.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::cli {

struct Context {
  Config config;
  int status = 0;
  // Opens (and migrates) the database and runs FN in one transaction; UserError and
  // store errors become a message on stderr and a non-zero status.
  void transact(const std::function<void(store::Db&)>& fn);
};

void add_domain_commands(CLI::App& app, Context& ctx);
void add_account_commands(CLI::App& app, Context& ctx);
void add_alias_commands(CLI::App& app, Context& ctx);
void add_list_commands(CLI::App& app, Context& ctx);
void add_queue_commands(CLI::App& app, Context& ctx);
void add_sieve_commands(CLI::App& app, Context& ctx);
// check_commands.cpp: `check spf`, `check dkim` and `check dmarc`, sender authentication against live DNS
void add_check_commands(CLI::App& app, Context& ctx);
// rule_commands.cpp: `account forward` and `account vacation`, rules in the Sieve script
void add_account_rule_commands(CLI::App& account, Context& ctx);
// quota_commands.cpp: `account quota` and `domain quota`
void add_account_quota_command(CLI::App& account, Context& ctx);
void add_domain_quota_command(CLI::App& domain, Context& ctx);

// A password from stdin (first line) or, on a terminal, typed twice without echo.
std::string read_password(bool from_stdin, const std::string& prompt);

}  // namespace carteiro::cli
