#pragma once
// The queries a POP3 session needs: the INBOX as a maildrop, the cached sizes as POP3 sends
// them (schema/0005_pop3_sizes.sql), and one message's bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store::pop3_maildrop {

struct Entry {
  std::int64_t uid = 0;
  std::int64_t content_id = 0;
  std::optional<std::int64_t> octets;  // cached POP3 size; nullopt: not computed yet
};

struct Listing {
  std::int64_t mailbox_id = 0;
  std::int64_t uidvalidity = 0;
  std::vector<Entry> entries;  // by ascending UID
};

// The account's INBOX. Throws Error if the account has none.
Listing list_inbox(Db& db, std::int64_t account_id);
// Remembers computed sizes: (content_id, octets). Contents deleted meanwhile are skipped.
void save_sizes(Db& db, const std::vector<std::pair<std::int64_t, std::int64_t>>& sizes);

}  // namespace carteiro::store::pop3_maildrop
