#include "sender_reports.hpp"

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/report.hpp"
#include "carteiro/store/queue_dispatch.hpp"

namespace carteiro::queue {

namespace {

constexpr std::int64_t kReturnedHeaderMax = 64 * 1024;

}  // namespace

SenderReports::SenderReports(store::Store& store, delivery::Deliverer& deliverer, std::string hostname,
                             std::int64_t max_age)
    : store_(store),
      deliverer_(deliverer),
      hostname_(std::move(hostname)),
      max_age_(max_age),
      rng_(std::random_device{}()) {}

asio::awaitable<bool> SenderReports::report(const store::QueueEntry& entry, delivery::DsnKind kind,
                                            const std::vector<delivery::DsnRecipient>& recipients, std::int64_t now) {
  try {
    auto start_query = [id = entry.id](store::Db& db) {
      return store::queue::message_start(db, id, kReturnedHeaderMax);
    };
    auto start = co_await store_.read(std::move(start_query));
    delivery::DsnInput input;
    input.kind = kind;
    input.reporting_mta = hostname_;
    input.sender = entry.sender;
    input.message_id =
        "<dsn." + std::to_string(entry.id) + "." + std::to_string(now) + "." + hex_token() + "@" + hostname_ + ">";
    input.arrival_date = entry.created_at;
    input.date = now;
    input.will_retry_until = entry.created_at + max_age_;
    input.original_headers = std::string(delivery::header_section(start.value_or("")));
    input.recipients = recipients;
    auto delivering = delivery::deliver_report(deliverer_, input);
    auto delivered = co_await std::move(delivering);
    if (delivered.local + delivered.remote == 0) {
      // The sender no longer resolves (an account removed since): nobody to tell.
      log::warn("queue: {}: the report to <{}> has nowhere to go", entry.id, entry.sender);
      co_return true;
    }
    log::info("queue: {}: {} report for {} recipient(s) sent to <{}> ({})", entry.id,
              kind == delivery::DsnKind::failure ? "failure" : "delay", recipients.size(), entry.sender, delivered.id);
    co_return true;
  } catch (const std::exception& e) {
    log::error("queue: {}: cannot store the report to <{}>: {}", entry.id, entry.sender, e.what());
    co_return false;
  }
}

std::string SenderReports::hex_token() {
  std::uint64_t value = (static_cast<std::uint64_t>(rng_()) << 32) | rng_();
  std::string bytes(reinterpret_cast<const char*>(&value), sizeof value);
  return hex(bytes);
}

}  // namespace carteiro::queue
