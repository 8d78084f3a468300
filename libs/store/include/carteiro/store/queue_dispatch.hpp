#pragma once
// Queries the outbound queue's runner needs beyond store/queue.hpp: which entries to
// start, when to wake next, and the message bytes to send.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "carteiro/store/queue.hpp"

namespace carteiro::store::queue {

// Entries due at NOW (next_attempt <= NOW), highest priority then oldest due first, skipping the ids in
// BUSY (already being worked on); at most LIMIT, with their recipients.
std::vector<QueueEntry> due_except(Db& db, std::int64_t now, const std::set<std::int64_t>& busy, int limit);
// The earliest next_attempt after NOW, if any entry waits for a later time.
std::optional<std::int64_t> next_due_after(Db& db, std::int64_t now);
// The first MAX octets of entry ID's message (for the returned header in a DSN).
std::optional<std::string> message_start(Db& db, std::int64_t id, std::int64_t max);

}  // namespace carteiro::store::queue
