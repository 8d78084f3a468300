#include "mta_sts_policies.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include "carteiro/common/log.hpp"
#include "carteiro/common/offload.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/queue/mta_sts_route.hpp"
#include "carteiro/store/mta_sts_policies.hpp"
#include "https_get.hpp"

namespace carteiro::queue {

namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
// Section 3.3: the policy's well-known location on the policy host.
constexpr std::string_view kPolicyPath = "/.well-known/mta-sts.txt";
// Section 3.3 suggests a timeout; a minute is what it gives as an example.
constexpr std::chrono::seconds kFetchTimeout{60};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

}  // namespace

MtaStsPolicies::MtaStsPolicies(const Config& config, store::Store& store, asio::any_io_executor executor,
                               asio::ssl::context& verifying)
    : config_(config),
      store_(store),
      executor_(std::move(executor)),
      verifying_(verifying),
      dns_pool_(1),
      dns_(config.dns.servers) {}

MtaStsPolicies::~MtaStsPolicies() { dns_pool_.join(); }

std::optional<MtaStsPolicy> MtaStsPolicies::kept_policy(const std::string& domain) const {
  auto found = kept_.find(domain);
  if (found == kept_.end() || !found->second || found->second->expires_at <= unix_now()) return std::nullopt;
  return found->second->policy;
}

asio::awaitable<std::optional<MtaStsPolicy>> MtaStsPolicies::policy_for(const std::string& name) {
  const auto domain = to_lower(name);
  std::optional<MtaStsPolicy> result;
  try {
    if (!kept_.contains(domain)) co_await load(domain);
    auto busy = refreshing_.find(domain);
    if (busy != refreshing_.end()) {
      // Another delivery is asking already: its answer is this one's too.
      auto timer = busy->second;
      co_await timer->async_wait(kNoThrow);
      co_return kept_policy(domain);
    }
    auto timer = std::make_shared<asio::steady_timer>(executor_, asio::steady_timer::time_point::max());
    refreshing_[domain] = timer;
    try {
      result = co_await refresh(domain);
    } catch (const std::exception& e) {
      log::warn("queue: {}: {}", mta_sts_policy_name(domain), e.what());
      result = kept_policy(domain);
    }
    refreshing_.erase(domain);
    timer->cancel();
  } catch (const std::exception& e) {
    log::warn("queue: {}: {}", mta_sts_policy_name(domain), e.what());
  }
  co_return result;
}

asio::awaitable<void> MtaStsPolicies::load(const std::string& domain) {
  const auto now = unix_now();
  auto query = [domain, now](store::Db& db) { return store::mta_sts_policies::find(db, domain, now); };
  auto row = co_await store_.read(std::move(query));
  if (kept_.contains(domain)) co_return;  // loaded by another delivery meanwhile
  auto& kept = kept_[domain];
  if (!row) co_return;
  std::string error;
  auto policy = parse_mta_sts_policy(row->policy, error);
  if (policy) kept = Kept{row->policy_id, std::move(*policy), row->expires_at};
}

// Section 5.1: the TXT record first; a new policy only when its id differs from the one
// kept (or nothing valid is kept).
asio::awaitable<std::optional<MtaStsPolicy>> MtaStsPolicies::refresh(const std::string& domain) {
  auto lookup = [this, name = "_mta-sts." + domain] { return dns_.txt(name); };
  auto answer = co_await offload(dns_pool_, std::move(lookup));
  std::string error;
  std::optional<std::string> id;
  if (answer.status == mailauth::DnsStatus::ok) id = parse_mta_sts_record(answer.records, error);
  else if (answer.status == mailauth::DnsStatus::temporary) error = "TXT lookup failed: " + answer.error;
  if (!id) {
    // Section 5.1: without a valid record, a policy kept still holds until it expires.
    auto kept = kept_policy(domain);
    if (!error.empty() && (kept || answer.status == mailauth::DnsStatus::ok))
      log::info("queue: _mta-sts.{}: {}{}", domain, error, kept ? " (the policy kept still holds)" : "");
    co_return kept;
  }
  auto kept = kept_policy(domain);
  if (kept && kept_[domain]->id == *id) co_return kept;

  std::string text;
  auto fetched = co_await fetch(domain, text, error);
  if (!fetched) {
    log::warn("queue: {} (id {}): {}{}", mta_sts_policy_name(domain), *id, error,
                 kept ? "; the policy kept still holds" : "; delivering without it");
    co_return kept;
  }
  const auto now = unix_now();
  kept_[domain] = Kept{*id, *fetched, now + fetched->max_age};
  log::info("queue: {} (id {}): mode {}, mx {}, max_age {}", mta_sts_policy_name(domain), *id,
            mta_sts_mode_name(fetched->mode), join(fetched->mx), fetched->max_age);
  store::mta_sts_policies::CachedPolicy row{domain, *id, std::move(text), now, now + fetched->max_age};
  auto save = [row = std::move(row), now](store::WriteTx& tx) {
    store::mta_sts_policies::prune(tx.db, now);
    store::mta_sts_policies::remember(tx.db, row);
  };
  co_await store_.write(std::move(save));
  co_return fetched;
}

// Section 3.3: GET https://mta-sts.<domain>/.well-known/mta-sts.txt, the certificate
// valid for that name, a 200 with text/plain and no redirect followed.
asio::awaitable<std::optional<MtaStsPolicy>> MtaStsPolicies::fetch(const std::string& domain, std::string& text,
                                                                   std::string& error) {
  HttpsRequest request;
  request.host = "mta-sts." + domain;
  request.port = config_.queue.mta_sts_https_port;
  request.path = std::string(kPolicyPath);
  request.timeout = kFetchTimeout;
  request.max_body = kMtaStsMaxPolicySize;
  auto resolve = [this, host = request.host] {
    auto v4 = dns_.a(host);
    auto v6 = dns_.aaaa(host);
    v4.addresses.insert(v4.addresses.end(), v6.addresses.begin(), v6.addresses.end());
    if (v4.error.empty()) v4.error = v6.error;
    return v4;
  };
  auto addresses = co_await offload(dns_pool_, std::move(resolve));
  if (addresses.addresses.empty()) {
    error = "no address for " + request.host + (addresses.error.empty() ? "" : " (" + addresses.error + ")");
    co_return std::nullopt;
  }
  request.addresses = std::move(addresses.addresses);
  auto result = co_await https_get(executor_, verifying_, request);
  if (!result.ok) {
    error = "fetching https://" + request.host + request.path + ": " + result.error;
    co_return std::nullopt;
  }
  const auto& response = result.response;
  if (response.status != 200) {
    error = "https://" + request.host + request.path + " answered HTTP " + std::to_string(response.status);
    if (response.status >= 300 && response.status < 400)
      error += " (a redirect to " + printable(response.location) + ", not followed)";
    co_return std::nullopt;
  }
  if (response.content_type != "text/plain") {
    error = "the policy's Content-Type is \"" + printable(response.content_type) + "\", not text/plain";
    co_return std::nullopt;
  }
  auto policy = parse_mta_sts_policy(response.body, error);
  if (policy) text = response.body;
  co_return policy;
}

}  // namespace carteiro::queue
