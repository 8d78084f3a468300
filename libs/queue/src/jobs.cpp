#include "carteiro/queue/jobs.hpp"

#include "carteiro/common/strings.hpp"
#include "carteiro/queue/settle.hpp"

namespace carteiro::queue {

namespace {

std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : to_lower(address.substr(at + 1));
}

}  // namespace

std::map<std::string, Job> jobs_by_domain(store::QueueEntry entry, bool relayed) {
  std::map<std::string, Job> jobs;
  for (auto& r : entry.recipients) {
    if (r.status != kPending) continue;
    auto& job = jobs[relayed ? std::string() : domain_of(r.address)];
    job.entry_id = entry.id;
    job.content = store::queue::QueuedContent{entry.id, entry.content_id, entry.created_at};
    job.sender = entry.sender;
    job.priority = entry.priority;
    job.recipients.push_back(std::move(r));
  }
  return jobs;
}

std::string hop_key(const Route& route, bool relayed) { return (relayed ? "relay:" : "mx:") + route.key(); }

Verdict route_verdict(const Route& route) {
  return route.outcome == Route::Outcome::permanent ? Verdict::permanent(route.status, route.reason)
                                                    : Verdict::temporary(route.status, route.reason);
}

std::string_view recipient_status(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::delivered: return kSent;
    case Verdict::Kind::permanent: return kFailed;
    case Verdict::Kind::temporary: return kPending;
  }
  return kPending;
}

}  // namespace carteiro::queue
