#pragma once
// Reading a stored message piece by piece, so a large one is sent without ever being in
// memory whole. Each piece is read with incremental BLOB I/O: only its own octets leave
// the database file, where SELECT data (or substr(data, ...)) would load the whole blob.
//
// Meant for one Store::read per piece: the blob handle lives only inside the call, so no
// read transaction or handle is held across the co_await of a network write. Contents
// never change once stored, so successive pieces are of one message, as long as it still
// exists: a content is deleted when its last reference goes (an expunge, `queue del`), and
// its row id may then be reused. The placement-aware readers below check, piece by piece,
// that what the caller is sending is still where it was, and answer nullopt once it is not.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

namespace contents {
// Up to MAX octets of CONTENT_ID from OFFSET: fewer only at the end ("" at or past it);
// nullopt when there is no such content. Throws store::Error.
std::optional<std::string> read_piece(Db& db, std::int64_t content_id, std::int64_t offset, std::size_t max);
// Calls VISIT with CONTENT_ID's octets in order, in pieces of at most PIECE octets, until
// VISIT returns false or the content ends: a whole-message scan (a size, a property) in
// bounded memory, all within this one call. False when there is no such content.
bool scan(Db& db, std::int64_t content_id, std::size_t piece, const std::function<bool(std::string_view)>& visit);
}  // namespace contents

namespace messages {
// read_piece() of the message with UID in MAILBOX_ID; nullopt once it is expunged (UIDs
// are never reused in a mailbox, so this never reads another message).
std::optional<std::string> read_piece(Db& db, std::int64_t mailbox_id, std::int64_t uid, std::int64_t offset,
                                      std::size_t max);
}  // namespace messages

namespace queue {
// Which queued message is being sent: the entry and what it held when it was taken up.
struct QueuedContent {
  std::int64_t queue_id = 0;
  std::int64_t content_id = 0;
  std::int64_t created_at = 0;
};
// read_piece() of a queue entry's message; nullopt once the entry is gone (delivered and
// removed, or `carteiro queue del`), even if its ids were reused since.
std::optional<std::string> read_piece(Db& db, const QueuedContent& queued, std::int64_t offset, std::size_t max);
// Whether the entry still holds that content (for a scan before sending).
bool holds(Db& db, const QueuedContent& queued);
}  // namespace queue

}  // namespace carteiro::store
