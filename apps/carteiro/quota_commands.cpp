// `carteiro account quota` and `carteiro domain quota`: show and set storage quotas
// (store/quotas.hpp). A limit given as "none" or 0 is removed: an account then has its
// domain's default again, a domain's accounts none.
#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "carteiro/common/strings.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/quotas.hpp"
#include "commands.hpp"

namespace carteiro::cli {

namespace {

// The values --storage and --messages take, as typed; empty when the option is absent.
struct QuotaOptions {
  std::string storage;
  std::string messages;
  bool any() const { return !storage.empty() || !messages.empty(); }
};

bool means_none(const std::string& text) { return iequals(text, "none") || text == "0"; }

std::optional<std::int64_t> storage_limit(const std::string& text) {
  if (means_none(text)) return std::nullopt;
  std::uint64_t octets = 0;
  try {
    octets = parse_size(text);
  } catch (const std::invalid_argument& e) {
    throw store::UserError(fmt::format("--storage {}: {}", text, e.what()));
  }
  if (octets > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw store::UserError(fmt::format("--storage {}: too large", text));
  return static_cast<std::int64_t>(octets);
}

std::optional<std::int64_t> message_limit(const std::string& text) {
  if (means_none(text)) return std::nullopt;
  std::int64_t n = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n <= 0)
    throw store::UserError(fmt::format("--messages {}: expected a number of messages, or none", text));
  return n;
}

// "1.5 MiB (1572864 octets)"
std::string describe_size(std::int64_t octets) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (octets < 1024) return fmt::format("{} octets", octets);
  double value = static_cast<double>(octets);
  std::size_t unit = 0;
  for (value /= 1024; value >= 1024 && unit + 1 < std::size(kUnits); value /= 1024) ++unit;
  return fmt::format("{:.1f} {} ({} octets)", value, kUnits[unit], octets);
}

template <typename Describe>
std::string describe_limit(const std::optional<std::int64_t>& own, const std::optional<std::int64_t>& domain,
                           Describe describe) {
  if (own) return describe(*own);
  if (domain) return describe(*domain) + ", the domain's default";
  return "unlimited";
}

std::string describe_count(std::int64_t n) { return fmt::format("{}", n); }

void print_account_quota(const std::string& address, const store::AccountQuota& q) {
  fmt::print("{}\n", address);
  fmt::print("  storage:  {} used, limit {}\n", describe_size(q.used.storage),
             describe_limit(q.own.storage, q.domain.storage, describe_size));
  fmt::print("  messages: {} used, limit {}\n", q.used.messages,
             describe_limit(q.own.messages, q.domain.messages, describe_count));
}

void print_domain_quota(const std::string& domain, const store::QuotaLimits& limits) {
  auto show = [](const std::optional<std::int64_t>& v, auto describe) { return v ? describe(*v) : "unlimited"; };
  fmt::print("{} (default for its accounts)\n", domain);
  fmt::print("  storage:  {}\n", show(limits.storage, describe_size));
  fmt::print("  messages: {}\n", show(limits.messages, describe_count));
}

void add_quota_options(CLI::App* command, QuotaOptions& options) {
  command->add_option("--storage", options.storage, "Storage limit, e.g. 100MiB or 2GiB; none (or 0) removes it");
  command->add_option("--messages", options.messages, "Limit on the number of messages; none (or 0) removes it");
}

}  // namespace

void add_account_quota_command(CLI::App& account, Context& ctx) {
  auto address = std::make_shared<std::string>();
  auto options = std::make_shared<QuotaOptions>();
  auto* quota = account.add_subcommand("quota", "Show an account's storage quota and usage, or set its limits");
  quota->add_option("ADDRESS", *address)->required();
  add_quota_options(quota, *options);
  quota->callback([&ctx, address, options] {
    ctx.transact([&](store::Db& db) {
      if (!options->storage.empty())
        store::quotas::set_account_limit(db, *address, store::QuotaResource::storage, storage_limit(options->storage));
      if (!options->messages.empty())
        store::quotas::set_account_limit(db, *address, store::QuotaResource::messages, message_limit(options->messages));
      auto account = store::accounts::find(db, *address);
      if (!account) throw store::UserError(fmt::format("no account {}", *address));
      print_account_quota(account->address, *store::quotas::of_account(db, account->id));
    });
  });
}

void add_domain_quota_command(CLI::App& domain, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto options = std::make_shared<QuotaOptions>();
  auto* quota = domain.add_subcommand("quota", "Show or set the default quota of a domain's accounts");
  quota->add_option("DOMAIN", *name)->required();
  add_quota_options(quota, *options);
  quota->callback([&ctx, name, options] {
    ctx.transact([&](store::Db& db) {
      if (!options->storage.empty())
        store::quotas::set_domain_limit(db, *name, store::QuotaResource::storage, storage_limit(options->storage));
      if (!options->messages.empty())
        store::quotas::set_domain_limit(db, *name, store::QuotaResource::messages, message_limit(options->messages));
      print_domain_quota(to_lower(*name), store::quotas::domain_limits(db, *name));
    });
  });
}

}  // namespace carteiro::cli
