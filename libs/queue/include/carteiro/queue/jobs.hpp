#pragma once
// A queue entry's delivery attempt in jobs: its pending recipients grouped by next hop,
// one SMTP transaction each. Pure.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/queue/route.hpp"
#include "carteiro/queue/verdict.hpp"
#include "carteiro/store/content_pieces.hpp"
#include "carteiro/store/queue.hpp"

namespace carteiro::queue {

// One entry's recipients that share a next hop: one SMTP transaction.
struct Job {
  std::int64_t entry_id = 0;
  store::queue::QueuedContent content;
  std::string sender;
  std::vector<store::QueueRecipient> recipients;
  int priority = 0;  // the entry's (RFC 6710): a hop's waiting jobs go highest first
};

// ENTRY's pending recipients by destination domain (lower case, "" for an address without
// one), or all under "" when RELAYED (every message goes through the one relay host).
std::map<std::string, Job> jobs_by_domain(store::QueueEntry entry, bool relayed);

// Domains whose routes have the same key share connections ("mx:..." or "relay:...").
std::string hop_key(const Route& route, bool relayed);

// The verdict for every recipient of a domain that has no usable route.
Verdict route_verdict(const Route& route);

// The queue_recipients.status a verdict leaves (settle.hpp's kSent, kFailed, kPending).
std::string_view recipient_status(Verdict::Kind kind);

}  // namespace carteiro::queue
