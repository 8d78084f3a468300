#pragma once
// Message contents (stored once, reference counted) and their placements in mailboxes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

// System flags as a bit set (RFC 3501 section 2.3.2). \Recent is per session, not stored.
enum Flag : std::uint32_t {
  kSeen = 1u << 0,
  kAnswered = 1u << 1,
  kFlagged = 1u << 2,
  kDeleted = 1u << 3,
  kDraft = 1u << 4,
};

// What IMAP needs often, parsed once at delivery (filled by libs/mime through delivery):
// the header size and IMAP's rendering of ENVELOPE, BODYSTRUCTURE and BODY, kept as a cache
// beside the blob it is derived from (docs/design-notes.md, "Message structure").
struct ContentMeta {
  std::int64_t header_size = 0;
  std::string envelope;
  std::string bodystructure;
  std::string body;
};

struct MessageRow {
  std::int64_t id = 0;
  std::int64_t mailbox_id = 0;
  std::int64_t uid = 0;
  std::int64_t content_id = 0;
  std::uint32_t flags = 0;
  std::string keywords;
  std::int64_t modseq = 0;
  std::int64_t internaldate = 0;
  std::int64_t size = 0;
  std::int64_t internaldate_zone = 0;  // minutes east of UTC the INTERNALDATE was given in
};

struct Appended {
  std::int64_t message_id = 0;
  std::int64_t uid = 0;
  std::int64_t modseq = 0;
};

namespace contents {
// Stores the bytes with refcount 0; the placements that reference it raise it.
std::int64_t insert(Db& db, std::string_view data, const ContentMeta& meta);
void add_refs(Db& db, std::int64_t content_id, std::int64_t n);
// Drops N references and deletes the content when none are left.
void release(Db& db, std::int64_t content_id, std::int64_t n = 1);
std::string read(Db& db, std::int64_t content_id);
std::optional<ContentMeta> meta(Db& db, std::int64_t content_id);
std::int64_t count(Db& db);  // for tests and benchmarks: how many blobs are stored
}  // namespace contents

namespace messages {
// Places CONTENT in MAILBOX with the next UID and MODSEQ; raises the content's refcount.
Appended append(Db& db, std::int64_t mailbox_id, std::int64_t content_id, std::uint32_t flags = 0,
                std::string_view keywords = "", std::optional<std::int64_t> internaldate = std::nullopt,
                std::int64_t internaldate_zone = 0);
std::vector<MessageRow> list(Db& db, std::int64_t mailbox_id);  // by ascending UID
std::optional<MessageRow> find(Db& db, std::int64_t mailbox_id, std::int64_t uid);
// Sets flags and keywords of one message, with a new MODSEQ; returns it.
std::int64_t set_flags(Db& db, std::int64_t mailbox_id, std::int64_t uid, std::uint32_t flags,
                       std::string_view keywords);
// Removes the messages with these UIDs and releases their contents.
void expunge(Db& db, std::int64_t mailbox_id, const std::vector<std::int64_t>& uids);
std::int64_t count(Db& db, std::int64_t mailbox_id);
}  // namespace messages

}  // namespace carteiro::store
