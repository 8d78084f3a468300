#include "carteiro/queue/settle.hpp"

namespace carteiro::queue {

namespace {

std::string host_name(const std::string& remote) { return remote.substr(0, remote.find('[')); }

// What we know about a recipient: this run's verdict, else what was stored.
Verdict known_verdict(const store::QueueRecipient& r, const std::map<std::int64_t, Verdict>& last, bool permanent) {
  auto it = last.find(r.id);
  if (it != last.end()) return it->second;
  auto text = r.last_reply.empty() ? std::string("no reason recorded") : r.last_reply;
  return permanent ? Verdict::permanent("5.0.0", text) : Verdict::temporary("4.0.0", text);
}

}  // namespace

delivery::DsnRecipient dsn_recipient(const std::string& address, const Verdict& verdict) {
  return delivery::DsnRecipient{address, verdict.status, host_name(verdict.remote), verdict.text, verdict.from_remote};
}

Settlement settle(const store::QueueEntry& entry, const std::map<std::int64_t, Verdict>& last,
                  const Schedule& schedule, std::int64_t now) {
  Settlement out;
  const bool can_report = !entry.sender.empty();
  const bool expire = schedule.expired(entry.created_at, now);
  const bool warn = can_report && schedule.warning_due(entry.created_at, now, entry.warned);
  std::size_t still_pending = 0;

  for (const auto& r : entry.recipients) {
    if (r.status == kFailed) {
      auto verdict = known_verdict(r, last, true);
      if (out.last_error.empty()) out.last_error = verdict.describe();
      if (can_report) {
        out.failures.push_back(dsn_recipient(r.address, verdict));
        out.reported.push_back(r.id);
      }
    } else if (r.status == kPending) {
      auto verdict = known_verdict(r, last, false);
      out.last_error = verdict.describe();
      if (expire) {
        // RFC 3463: 4.4.7 "delivery time expired"; the last temporary error stays the
        // diagnostic, so the sender learns why.
        auto given_up = verdict;
        given_up.kind = Verdict::Kind::permanent;
        if (given_up.status.empty() || given_up.status[0] != '4') given_up.status = "4.4.7";
        out.expired.emplace_back(r.id, "delivery time expired; last error: " + verdict.describe());
        if (can_report) {
          out.failures.push_back(dsn_recipient(r.address, given_up));
          out.reported.push_back(r.id);
        }
      } else {
        ++still_pending;
        if (warn) out.delayed.push_back(dsn_recipient(r.address, verdict));
      }
    }
  }
  out.remove = still_pending == 0;
  if (!out.remove) out.next_attempt = schedule.next_attempt(entry.created_at, now);
  return out;
}

}  // namespace carteiro::queue
