#pragma once
// Expunged UIDs and the mod-sequence of their expunge (schema/0008_vanished_runs.sql), for
// QRESYNC's VANISHED (EARLIER) responses (RFC 7162 sections 3.2.5 and 3.2.6).
#include <cstdint>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store::imap {

// UIDs FIRST_UID .. LAST_UID, none of which exists in the mailbox any more.
struct VanishedRun {
  std::int64_t first_uid = 0;
  std::int64_t last_uid = 0;
};

// The runs with a UID expunged after mod-sequence SINCE_MODSEQ, ascending and disjoint. A
// run may also hold UIDs expunged at or before SINCE_MODSEQ (runs merge, see the schema).
// Its size grows with the gaps between the mailbox's remaining messages, not with the
// number of messages ever expunged.
std::vector<VanishedRun> vanished_since(Db& db, std::int64_t mailbox_id, std::int64_t since_modseq);

}  // namespace carteiro::store::imap
