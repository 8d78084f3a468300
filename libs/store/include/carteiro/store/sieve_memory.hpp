#pragma once
// What Sieve scripts remember between messages (schema/0011_sieve_memory.sql): the
// vacation replies sent (RFC 5230 section 4.2: once per sender per handle per period) and
// the ids the duplicate test has seen (RFC 7352). Delivery reads them while it runs an
// account's script and writes them in the transaction that stores the message.
#include <cstdint>
#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store::sieve_memory {

// A reply to SENDER for HANDLE was sent and its period has not ended by NOW.
bool vacation_answered(Db& db, std::int64_t account_id, std::string_view handle, std::string_view sender,
                       std::int64_t now);
// Remembers a reply to SENDER for HANDLE until EXPIRES (replacing an older memory).
void remember_vacation(Db& db, std::int64_t account_id, std::string_view handle, std::string_view sender,
                       std::int64_t expires);

// KEY was recorded for the account and has not expired by NOW.
bool duplicate_seen(Db& db, std::int64_t account_id, std::string_view key, std::int64_t now);
void remember_duplicate(Db& db, std::int64_t account_id, std::string_view key, std::int64_t expires);

// Forgets every memory that expired before NOW; returns how many rows went.
std::int64_t prune(Db& db, std::int64_t now);

}  // namespace carteiro::store::sieve_memory
