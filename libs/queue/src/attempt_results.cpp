#include "attempt_results.hpp"

#include "carteiro/common/log.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/queue/settle.hpp"

namespace carteiro::queue {

asio::awaitable<void> record_results(store::Store& store, const Job& job, const std::vector<Verdict>& verdicts) {
  struct Row {
    std::int64_t id;
    std::string_view status;
    std::string reply;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < job.recipients.size() && i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    rows.push_back(Row{job.recipients[i].id, recipient_status(v.kind), v.describe()});
    log::info("queue: {} <{}>: {} ({})", job.entry_id, job.recipients[i].address, recipient_status(v.kind),
              v.describe());
  }
  auto write = [rows](store::WriteTx& tx) {
    for (const auto& row : rows) store::queue::set_recipient(tx.db, row.id, row.status, row.reply);
  };
  try {
    co_await store.write(std::move(write));
  } catch (const std::exception& e) {
    // The recipients stay pending as stored: tried again (a delivered one may then be
    // sent twice, never lost).
    log::error("queue: {}: cannot record the results: {}", job.entry_id, e.what());
  }
}

asio::awaitable<std::optional<std::int64_t>> settle_attempt(store::Store& store, SenderReports& reports,
                                                            const Schedule& schedule, std::int64_t id,
                                                            const std::map<std::int64_t, Verdict>& verdicts) {
  auto find_query = [id](store::Db& db) { return store::queue::find(db, id); };
  auto entry = co_await store.read(std::move(find_query));
  if (!entry) co_return std::nullopt;  // deleted meanwhile
  const auto now = unix_now();
  auto s = settle(*entry, verdicts, schedule, now);

  std::map<std::int64_t, std::string> replies;
  for (const auto& r : entry->recipients) replies[r.id] = r.last_reply;
  if (!s.expired.empty()) {
    // Failed, durably, before anyone is told.
    auto expire = [expired = s.expired](store::WriteTx& tx) {
      for (const auto& [rid, reply] : expired) store::queue::set_recipient(tx.db, rid, kFailed, reply);
    };
    co_await store.write(std::move(expire));
    for (const auto& [rid, reply] : s.expired) {
      replies[rid] = reply;
      log::info("queue: {}: recipient {} given up: {}", id, rid, reply);
    }
  }
  bool reported = true;
  if (!s.failures.empty()) reported = co_await reports.report(*entry, delivery::DsnKind::failure, s.failures, now);
  else if (entry->sender.empty() && !s.remove) log::debug("queue: {}: null sender, failures are not reported", id);
  bool warned = false;
  if (!s.delayed.empty()) warned = co_await reports.report(*entry, delivery::DsnKind::delay, s.delayed, now);

  // A crash between the report's commit above and this one reports these failures a
  // second time after the restart; never zero times.
  auto finish = [id, s, reported, warned, replies, now, retry = schedule.retry_interval](store::WriteTx& tx) {
    if (reported)
      for (auto rid : s.reported) store::queue::set_recipient(tx.db, rid, kBounced, replies.at(rid));
    if (s.remove && reported) {
      store::queue::remove(tx.db, id);
      return;
    }
    if (s.remove)  // the failure report could not be stored: try that again later
      store::queue::reschedule(tx.db, id, now + retry, "the failure report could not be stored");
    else
      store::queue::reschedule(tx.db, id, s.next_attempt, s.last_error);
    if (warned) store::queue::mark_warned(tx.db, id);
  };
  co_await store.write(std::move(finish));
  if (s.remove && reported) log::info("queue: {}: done, removed from the queue", id);
  else if (!s.remove) log::info("queue: {}: will try again at {}", id, rfc5322_date(s.next_attempt));
  if (s.remove) co_return std::nullopt;
  co_return s.next_attempt;
}

}  // namespace carteiro::queue
