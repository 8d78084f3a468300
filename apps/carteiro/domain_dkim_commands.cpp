// `carteiro domain dkim DOMAIN show|rotate`: the domain's DKIM signing keys. A domain gets
// its first pair (RSA-2048 and Ed25519) with `domain add`, or, for a domain made before
// keys existed, at its first `dkim show`, `dkim rotate` or `dns`: keys only help once their
// records are published, and those commands are how the admin learns them. The daemon
// never makes keys; it reads the current ones (within a minute of a rotation).
#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/mailauth/dkim_keygen.hpp"
#include "carteiro/store/domains.hpp"
#include "commands.hpp"
#include "domain_records.hpp"

namespace carteiro::cli {

namespace {

struct DkimArgs {
  std::string domain;
  std::string action;
  int grace_days = store::dkim_keys::kDefaultGraceDays;
};

void print_keys(const std::string& domain, const std::vector<store::DkimKey>& keys) {
  for (const auto& key : keys) {
    std::string state = key.current() ? "current, signs outgoing mail"
                                      : fmt::format("retired {}, deleted after {}", utc_time(*key.retired_at),
                                                    utc_time(key.delete_at.value_or(0)));
    fmt::print("key {} ({}) created {}, {}\n", key.selector, store::dkim_keys::algorithm_name(key.algorithm),
               utc_time(key.created_at), state);
    auto record = mailauth::dkim::key_record_for(key.private_pem);
    if (auto* text = std::get_if<std::string>(&record))
      fmt::print("  {}._domainkey.{} TXT \"{}\"\n", key.selector, domain, *text);
  }
}

}  // namespace

std::vector<store::DkimKey> make_dkim_keys(store::Db& db, const std::string& domain, std::int64_t grace_seconds) {
  std::vector<store::NewDkimKey> pair = {
      {store::DkimAlgorithm::rsa, mailauth::dkim::generate_private_key(mailauth::dkim::KeyType::rsa)},
      {store::DkimAlgorithm::ed25519, mailauth::dkim::generate_private_key(mailauth::dkim::KeyType::ed25519)}};
  return store::dkim_keys::rotate(db, domain, pair, unix_now(), grace_seconds);
}

namespace {
// A local domain's name, lower case; its retired keys past their grace period deleted.
std::string known_domain(store::Db& db, const std::string& domain) {
  std::string name = to_lower(domain);
  if (!store::domains::find(db, name)) throw store::UserError(fmt::format("no domain {}", name));
  store::dkim_keys::prune(db, unix_now());
  return name;
}
}  // namespace

std::vector<store::DkimKey> listed_dkim_keys(store::Db& db, const std::string& domain_name) {
  std::string domain = known_domain(db, domain_name);
  auto now = unix_now();
  if (store::dkim_keys::current(db, domain).empty()) {
    make_dkim_keys(db, domain, 0);
    fmt::print(stderr, "carteiro: {} had no DKIM keys: made an RSA and an Ed25519 key\n", domain);
  }
  return store::dkim_keys::listed(db, domain, now);
}

void add_domain_dkim_command(CLI::App& domain, Context& ctx) {
  auto args = std::make_shared<DkimArgs>();
  auto* dkim = domain.add_subcommand("dkim", "Show or rotate a domain's DKIM signing keys (RSA and Ed25519)");
  dkim->add_option("DOMAIN", args->domain)->required();
  dkim->add_option("ACTION", args->action, "show: the keys and their TXT records; rotate: new keys, the old retired")
      ->required()
      ->check(CLI::IsMember({"show", "rotate"}));
  dkim->add_option("--grace", args->grace_days,
                   "rotate: days the retired keys stay published before they are deleted (default 7)")
      ->check(CLI::Range(0, 365));
  dkim->callback([&ctx, args] {
    ctx.transact([&](store::Db& db) {
      if (args->action == "show") {
        print_keys(to_lower(args->domain), listed_dkim_keys(db, args->domain));
        return;
      }
      std::string name = known_domain(db, args->domain);
      make_dkim_keys(db, name, static_cast<std::int64_t>(args->grace_days) * 86400);
      fmt::print("rotated the DKIM keys of {}: the new keys sign from now on (a running carteirod within a minute),\n"
                 "publish their records now; the old ones stay listed {} day(s)\n",
                 name, args->grace_days);
      print_keys(name, store::dkim_keys::listed(db, name, unix_now()));
    });
  });
}

}  // namespace carteiro::cli
