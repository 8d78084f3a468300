#pragma once
// What the store keeps of a delivery attempt: each recipient's verdict as soon as it is
// known, and, once the entry's every job is done, settle()'s decision carried out.
#include <asio/awaitable.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "carteiro/queue/jobs.hpp"
#include "carteiro/queue/schedule.hpp"
#include "carteiro/queue/verdict.hpp"
#include "carteiro/store/store.hpp"
#include "sender_reports.hpp"

namespace carteiro::queue {

// Records VERDICTS (JOB's recipients' order) as their statuses and last replies, and logs
// them. A store failure is logged, not thrown: the recipients stay pending as stored.
asio::awaitable<void> record_results(store::Store& store, const Job& job, const std::vector<Verdict>& verdicts);

// After every job of entry ID is done: gives up recipients past the maximum age, reports
// failures and delays to the sender, then removes the entry or reschedules it. VERDICTS
// are this run's, by recipient id. Returns the next attempt's time when the entry stays
// queued for another try; nullopt when it is done or gone. Throws on store failure.
asio::awaitable<std::optional<std::int64_t>> settle_attempt(store::Store& store, SenderReports& reports,
                                                            const Schedule& schedule, std::int64_t id,
                                                            const std::map<std::int64_t, Verdict>& verdicts);

}  // namespace carteiro::queue
