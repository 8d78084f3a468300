// QRESYNC on the selected mailbox: VANISHED (EARLIER) uid-sets and the UIDs of the
// expunges a session reports as VANISHED (RFC 7162 sections 3.2.5, 3.2.6, 3.2.10).
#include <doctest/doctest.h>

#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/selected_mailbox.hpp"
#include "carteiro/imap/vanished.hpp"

using namespace carteiro::imap;
using carteiro::store::imap::MailboxDelta;
using carteiro::store::imap::UidRun;
using carteiro::store::imap::VanishedRun;

namespace {

SequenceSet uid_set(std::string_view text) {
  auto out = parse_command("a UID FETCH " + std::string(text) + " UID");
  REQUIRE(std::holds_alternative<Command>(out));
  return std::get<Command>(out).args<FetchArguments>().set;
}

SelectedMailbox numbered(std::vector<std::int64_t> uids) {
  return SelectedMailbox(7, "INBOX", 1000, false, UidMap(uids), 10);
}

}  // namespace

TEST_CASE("imap vanished: the uid-set of VANISHED (EARLIER)") {
  auto m = numbered({1, 5, 9});
  std::vector<VanishedRun> runs{{2, 4}, {6, 8}, {10, 12}};
  CHECK(vanished_uid_set(runs, nullptr, m) == "2:4,6:8,10:12");
  CHECK(vanished_uid_set({}, nullptr, m).empty());

  // Cut to the client's set; '*' stands for any UID.
  auto within = uid_set("3,7:11");
  CHECK(vanished_uid_set(runs, &within, m) == "3,7:8,10:11");
  auto star = uid_set("8:*");
  CHECK(vanished_uid_set(runs, &star, m) == "8,10:12");
  auto none = uid_set("1,5,9,100:200");
  CHECK(vanished_uid_set(runs, &none, m).empty());
}

TEST_CASE("imap vanished: UIDs the session still numbers are left out") {
  // UIDs 3 and 11 were expunged elsewhere; the session has not reported it yet.
  auto m = numbered({1, 3, 5, 11, 20});
  std::vector<VanishedRun> runs{{2, 4}, {11, 11}, {12, 19}};
  CHECK(vanished_uid_set(runs, nullptr, m) == "2,4,12:19");
  auto within = uid_set("1:12");
  CHECK(vanished_uid_set(runs, &within, m) == "2,4,12");
}

TEST_CASE("imap vanished: expunges from elsewhere come with their UIDs") {
  auto m = numbered({1, 2, 3, 4});
  m.apply(MailboxDelta{false, 11, {}, std::vector<UidRun>{{1, 1}, {4, 1}}});
  CHECK_FALSE(m.has_updates(false));  // not during FETCH, STORE, SEARCH
  auto u = m.take_updates(true);
  CHECK(u.expunged == std::vector<std::uint32_t>{3, 2});
  CHECK(u.vanished == std::vector<std::int64_t>{2, 3});
  CHECK(m.exists() == 2);
}
