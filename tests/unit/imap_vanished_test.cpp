// QRESYNC on the selected mailbox: VANISHED (EARLIER) uid-sets and the UIDs of the
// expunges a session reports as VANISHED (RFC 7162 sections 3.2.5, 3.2.6, 3.2.10).
#include <doctest/doctest.h>

#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/selected_mailbox.hpp"
#include "carteiro/imap/vanished.hpp"
#include "imap_test_support.hpp"

using namespace carteiro::imap;
using carteiro::store::imap::MailboxDelta;
using carteiro::store::imap::UidRun;
using carteiro::store::imap::VanishedRun;

TEST_CASE("imap vanished: the uid-set of VANISHED (EARLIER)") {
  auto m = mailbox_with_uids({1, 5, 9});
  std::vector<VanishedRun> runs{{2, 4}, {6, 8}, {10, 12}};
  CHECK(vanished_uid_set(runs, nullptr, m) == "2:4,6:8,10:12");
  CHECK(vanished_uid_set({}, nullptr, m).empty());

  // Cut to the client's set; '*' stands for any UID.
  auto within = sequence_set_of("3,7:11", true);
  CHECK(vanished_uid_set(runs, &within, m) == "3,7:8,10:11");
  auto star = sequence_set_of("8:*", true);
  CHECK(vanished_uid_set(runs, &star, m) == "8,10:12");
  auto none = sequence_set_of("1,5,9,100:200", true);
  CHECK(vanished_uid_set(runs, &none, m).empty());
}

TEST_CASE("imap vanished: UIDs the session still numbers are left out") {
  // UIDs 3 and 11 were expunged elsewhere; the session has not reported it yet.
  auto m = mailbox_with_uids({1, 3, 5, 11, 20});
  std::vector<VanishedRun> runs{{2, 4}, {11, 11}, {12, 19}};
  CHECK(vanished_uid_set(runs, nullptr, m) == "2,4,12:19");
  auto within = sequence_set_of("1:12", true);
  CHECK(vanished_uid_set(runs, &within, m) == "2,4,12");
}

TEST_CASE("imap vanished: expunges from elsewhere come with their UIDs") {
  auto m = mailbox_with_uids({1, 2, 3, 4});
  m.apply(MailboxDelta{false, 11, {}, std::vector<UidRun>{{1, 1}, {4, 1}}});
  CHECK_FALSE(m.has_updates(false));  // not during FETCH, STORE, SEARCH
  auto u = m.take_updates(true);
  CHECK(u.expunged == std::vector<std::uint32_t>{3, 2});
  CHECK(u.vanished == std::vector<std::int64_t>{2, 3});
  CHECK(m.exists() == 2);
}
