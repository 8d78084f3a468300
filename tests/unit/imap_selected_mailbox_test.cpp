// The selected mailbox's numbering: sequence sets, deferred EXPUNGE, EXISTS, \Recent and
// flag changes from other sessions.
#include <doctest/doctest.h>

#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/selected_mailbox.hpp"
#include "imap_test_support.hpp"

using namespace carteiro::imap;
using carteiro::store::imap::MailboxDelta;
using carteiro::store::imap::UidRun;
using carteiro::store::imap::MessageFlags;

namespace {
std::vector<UidRun> runs(std::initializer_list<UidRun> list) { return std::vector<UidRun>(list); }

std::vector<std::uint32_t> seqs(const SelectedMailbox& m, std::string_view text, bool uid) {
  auto r = m.resolve(sequence_set_of(text), uid);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("imap selected mailbox: sequence numbers and UIDs") {
  auto m = mailbox_with_uids({3, 5, 9, 10});
  CHECK(m.exists() == 4);
  CHECK(m.uid_at(3) == 9);
  CHECK(m.seq_of(10) == 4u);
  CHECK_FALSE(m.seq_of(4));
  CHECK(seqs(m, "2:*", false) == std::vector<std::uint32_t>{2, 3, 4});
  CHECK(seqs(m, "*:2", false) == std::vector<std::uint32_t>{2, 3, 4});
  CHECK(seqs(m, "4,1,2:3", false) == std::vector<std::uint32_t>{1, 2, 3, 4});
  CHECK_FALSE(m.resolve(sequence_set_of("5"), false));  // above EXISTS
  CHECK(seqs(m, "4:9", true) == std::vector<std::uint32_t>{2, 3});
  CHECK(seqs(m, "11:*", true) == std::vector<std::uint32_t>{4});  // '*' is UID 10: "10:11"
  CHECK(seqs(m, "100:200", true).empty());

  auto empty = mailbox_with_uids({});
  CHECK(seqs(empty, "1:*", false).empty());
  CHECK(seqs(empty, "*", true).empty());
  CHECK_FALSE(empty.resolve(sequence_set_of("1"), false));
}

TEST_CASE("imap selected mailbox: new messages, flags and expunges from elsewhere") {
  auto m = mailbox_with_uids({1, 2, 3});
  m.add_recent(0, 3);
  CHECK(m.recent_count() == 3);

  SUBCASE("a new message is numbered at once and reported as EXISTS with RECENT") {
    m.apply(MailboxDelta{false, 11, {MessageFlags{4, 0, "", 11}}, std::nullopt});
    m.add_recent(3, 4);
    CHECK(m.exists() == 4);
    auto u = m.take_updates(false);
    CHECK(u.exists == 4u);
    CHECK(u.recent == 4u);
    CHECK(u.expunged.empty());
    CHECK_FALSE(m.has_updates(true));
  }
  SUBCASE("a flag change is reported once; this session's own change is not") {
    m.note_own_change(12);
    m.apply(MailboxDelta{false, 12, {MessageFlags{1, 1, "$a", 11}, MessageFlags{2, 1, "", 12}}, std::nullopt});
    auto u = m.take_updates(false);
    REQUIRE(u.flags.size() == 1);
    CHECK(u.flags[0].first == 1);
    CHECK(u.flags[0].second.keywords == "$a");
    CHECK_FALSE(u.exists);
    CHECK(m.take_updates(true).flags.empty());
  }
  SUBCASE("an expunge waits for a command that may report it") {
    m.apply(MailboxDelta{false, 13, {}, runs({{1, 1}, {3, 1}})});
    CHECK(m.expunged(2));
    CHECK(m.exists() == 3);  // still numbered
    CHECK(m.live_count() == 2);
    auto during_fetch = m.take_updates(false);
    CHECK(during_fetch.expunged.empty());
    CHECK(m.has_updates(true));
    CHECK_FALSE(m.has_updates(false));
    // A new message meanwhile: EXISTS counts the not yet expunged one too.
    m.apply(MailboxDelta{false, 14, {MessageFlags{4, 0, "", 14}}, std::nullopt});
    CHECK(m.take_updates(false).exists == 4u);
    auto u = m.take_updates(true);
    CHECK(u.expunged == std::vector<std::uint32_t>{2});
    CHECK_FALSE(u.exists);  // EXISTS only grows through new mail
    CHECK(m.exists() == 3);
    CHECK(m.uid_at(2) == 3);
    CHECK(m.recent_count() == 2);
  }
  SUBCASE("several expunges are reported highest first") {
    m.apply(MailboxDelta{false, 13, {}, runs({})});
    auto u = m.take_updates(true);
    CHECK(u.expunged == std::vector<std::uint32_t>{3, 2, 1});
    CHECK(m.exists() == 0);
  }
  SUBCASE("a flag change of an expunged message is not reported") {
    m.apply(MailboxDelta{false, 13, {MessageFlags{2, 1, "", 13}}, runs({{1, 1}, {3, 1}})});
    auto u = m.take_updates(false);
    CHECK(u.flags.empty());
  }
}

TEST_CASE("imap uid map: runs of consecutive UIDs") {
  UidMap m({1, 2, 3, 7, 8, 20});
  CHECK(m.size() == 6);
  CHECK(m.runs() == 3);
  CHECK(m.max_uid() == 20);
  CHECK(m.uid_at(1) == 1);
  CHECK(m.uid_at(4) == 7);
  CHECK(m.uid_at(6) == 20);
  CHECK(m.seq_of(8) == 5u);
  CHECK_FALSE(m.seq_of(4));
  CHECK_FALSE(m.seq_of(0));
  CHECK_FALSE(m.seq_of(21));
  CHECK(m.rank(0) == 0);
  CHECK(m.rank(5) == 3);
  CHECK(m.rank(7) == 4);
  CHECK(m.rank(100) == 6);

  m.push_back(21);
  CHECK(m.runs() == 3);
  m.push_back(30);
  CHECK(m.runs() == 4);
  CHECK(m.uid_at(8) == 30);

  m.erase({2, 7, 8, 9, 30});
  CHECK(m.size() == 4);
  CHECK(m.uid_at(1) == 1);
  CHECK(m.uid_at(2) == 3);
  CHECK(m.uid_at(3) == 20);
  CHECK(m.uid_at(4) == 21);
  CHECK(m.max_uid() == 21);
  CHECK(m.runs() == 3);
  m.erase({1, 3, 20, 21});
  CHECK(m.size() == 0);
  CHECK(m.max_uid() == 0);

  std::vector<std::int64_t> many;
  for (std::int64_t uid = 1; uid <= 10000; ++uid) many.push_back(uid);
  UidMap big(many);
  CHECK(big.runs() == 1);  // ten thousand messages in one run
  CHECK(big.uid_at(9999) == 9999);
}

TEST_CASE("imap selected mailbox: a new keyword is announced once") {
  auto m = mailbox_with_uids({1, 2});
  m.set_keywords({"$Work"});
  m.apply(MailboxDelta{false, 11, {MessageFlags{1, 0, "$work $Later", 11}}, std::nullopt});
  auto u = m.take_updates(false);
  CHECK(u.keywords);
  CHECK(m.keywords() == std::vector<std::string>{"$Work", "$Later"});
  CHECK_FALSE(m.take_updates(false).keywords);
  m.learn_keywords("$Later $work");
  CHECK_FALSE(m.has_updates(false));
}
