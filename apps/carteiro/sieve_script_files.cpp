#include "sieve_script_files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/sieve/config_limits.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/sieve_scripts.hpp"

namespace carteiro::cli {

std::int64_t account_id(store::Db& db, const std::string& address) {
  auto account = store::accounts::find(db, address);
  if (!account) throw store::UserError(fmt::format("no account {}", address));
  return account->id;
}

std::string read_script_file(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw store::UserError(fmt::format("cannot read {}", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void store_checked_script(store::Db& db, const SieveConfig& limits, std::int64_t account, std::string_view name,
                          std::string_view text) {
  auto compiled = sieve::compile(text, sieve::limits_of(limits));
  if (!compiled) throw store::UserError(fmt::format("{}: {}", name, compiled.error->text()));
  bool exists = store::sieve_scripts::get(db, account, name).has_value();
  if (!exists && store::sieve_scripts::list(db, account).size() >= limits.max_scripts)
    throw store::UserError(fmt::format("the account has {} scripts already, the most it may have", limits.max_scripts));
  store::sieve_scripts::put(db, account, name, text);
}

}  // namespace carteiro::cli
