#include "carteiro/store/vanished.hpp"

namespace carteiro::store::imap {

std::vector<VanishedRun> vanished_since(Db& db, std::int64_t mailbox_id, std::int64_t since_modseq) {
  std::vector<VanishedRun> out;
  auto& st = db.query(
      "SELECT first_uid, last_uid FROM vanished_runs WHERE mailbox_id = ? AND modseq > ? ORDER BY first_uid",
      mailbox_id, since_modseq);
  while (st.step()) out.push_back(VanishedRun{st.integer(0), st.integer(1)});
  return out;
}

}  // namespace carteiro::store::imap
