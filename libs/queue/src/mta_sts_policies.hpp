#pragma once
// The MTA-STS policy in force for each recipient domain (RFC 8461 sections 3 and 5.1):
// the _mta-sts TXT record says whether there is one and its id; the policy is fetched
// over HTTPS when none is kept for the domain or the id changed, and kept (in memory and
// in the store, so a restart keeps it) until its max_age runs out. A failed discovery or
// fetch keeps using the policy kept, while it has not expired.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "carteiro/common/config.hpp"
#include "carteiro/mailauth/unbound_lookup.hpp"
#include "carteiro/queue/mta_sts_policy.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::queue {

class MtaStsPolicies {
 public:
  // VERIFYING checks the policy hosts' certificates. Throws when the resolver cannot be
  // set up ([dns] servers).
  MtaStsPolicies(const Config& config, store::Store& store, asio::any_io_executor executor,
                 asio::ssl::context& verifying);
  ~MtaStsPolicies();

  // The policy for DOMAIN, or nullopt when it has none (or none could be had and none is
  // kept). Never throws; resumes on EXECUTOR; call it from one strand only.
  asio::awaitable<std::optional<MtaStsPolicy>> policy_for(const std::string& domain);

 private:
  struct Kept {
    std::string id;
    MtaStsPolicy policy;
    std::int64_t expires_at = 0;
  };
  asio::awaitable<std::optional<MtaStsPolicy>> refresh(const std::string& domain);
  asio::awaitable<void> load(const std::string& domain);
  // Fetches and parses the policy of DOMAIN: nullopt and ERROR on failure; TEXT is the
  // policy as served.
  asio::awaitable<std::optional<MtaStsPolicy>> fetch(const std::string& domain, std::string& text,
                                                     std::string& error);
  std::optional<MtaStsPolicy> kept_policy(const std::string& domain) const;

  const Config& config_;
  store::Store& store_;
  asio::any_io_executor executor_;
  asio::ssl::context& verifying_;
  asio::thread_pool dns_pool_;
  mailauth::UnboundLookup dns_;
  std::map<std::string, std::optional<Kept>> kept_;  // nullopt: looked in the store, none there
  // Domains being refreshed now; other callers wait for the timer to be cancelled.
  std::map<std::string, std::shared_ptr<asio::steady_timer>> refreshing_;
};

}  // namespace carteiro::queue
