#pragma once
// The uid-set of a VANISHED (EARLIER) response (RFC 7162 sections 3.2.5 and 3.2.6): the
// expunged UIDs the store recorded, cut to the set the client named, without the UIDs the
// session still numbers (their expunge is reported as a plain VANISHED at a command
// boundary, so the client's sequence numbers stay right).
#include <string>
#include <vector>

#include "carteiro/imap/selected_mailbox.hpp"
#include "carteiro/imap/sequence_set.hpp"
#include "carteiro/store/vanished.hpp"

namespace carteiro::imap {

// WITHIN null: every UID of RUNS. A '*' in WITHIN stands for the highest UID possible.
// Empty when nothing is left.
std::string vanished_uid_set(const std::vector<store::imap::VanishedRun>& runs, const SequenceSet* within,
                             const SelectedMailbox& mailbox);

}  // namespace carteiro::imap
