// QRESYNC syntax (RFC 7162 section 7): SELECT/EXAMINE (QRESYNC (...)) and UID FETCH
// (CHANGEDSINCE n VANISHED).
#include <doctest/doctest.h>

#include <string>

#include "carteiro/imap/parser.hpp"
#include "imap_test_support.hpp"

using namespace carteiro::imap;

namespace {

SequenceSet::Range range(std::uint32_t first, std::uint32_t last) { return SequenceSet::Range{first, last}; }

}  // namespace

TEST_CASE("imap parser: SELECT (QRESYNC (uidvalidity modseq))") {
  auto a = parsed("a SELECT INBOX (QRESYNC (67890007 20050715194045000))").args<MailboxArguments>();
  REQUIRE(a.qresync);
  CHECK(a.qresync->uidvalidity == 67890007);
  CHECK(a.qresync->modseq == 20050715194045000);
  CHECK_FALSE(a.qresync->known_uids);
  CHECK_FALSE(a.qresync->known_sequence_set);
  CHECK_FALSE(a.condstore);

  auto e = parsed("a examine Work (qresync (1 2) condstore)").args<MailboxArguments>();
  CHECK(e.qresync);
  CHECK(e.condstore);
}

TEST_CASE("imap parser: QRESYNC known-uids and seq-match-data") {
  auto a = parsed("a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))")
               .args<MailboxArguments>();
  REQUIRE(a.qresync);
  REQUIRE(a.qresync->known_uids);
  CHECK(a.qresync->known_uids->ranges == std::vector{range(41, 211), range(214, 541)});
  CHECK_FALSE(a.qresync->known_uid_set);

  auto b = parsed("a SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000 15000,22500,27000)))")
               .args<MailboxArguments>();
  REQUIRE(b.qresync);
  CHECK(b.qresync->known_uids);
  REQUIRE(b.qresync->known_sequence_set);
  REQUIRE(b.qresync->known_uid_set);
  CHECK(b.qresync->known_sequence_set->ranges.size() == 3);
  CHECK(b.qresync->known_uid_set->ranges.front() == range(15000, 15000));

  // seq-match-data without known-uids
  auto c = parsed("a SELECT INBOX (QRESYNC (1 2 (1:3 5:7)))").args<MailboxArguments>();
  REQUIRE(c.qresync);
  CHECK_FALSE(c.qresync->known_uids);
  CHECK(c.qresync->known_sequence_set);
}

TEST_CASE("imap parser: malformed QRESYNC parameters") {
  parse_error("a SELECT INBOX (QRESYNC)");
  parse_error("a SELECT INBOX (QRESYNC ())");
  parse_error("a SELECT INBOX (QRESYNC (1))");
  parse_error("a SELECT INBOX (QRESYNC (0 5))");            // uidvalidity is nz-number
  parse_error("a SELECT INBOX (QRESYNC (1 0))");            // mod-sequence-value is 1 or more
  parse_error("a SELECT INBOX (QRESYNC (-1 5))");
  parse_error("a SELECT INBOX (QRESYNC (1 5 1:*))");        // no '*' in known-uids
  parse_error("a SELECT INBOX (QRESYNC (1 5 1:3 (1:* 4:6)))");
  parse_error("a SELECT INBOX (QRESYNC (1 5 1:3 (1:3)))");  // seq-match-data needs both sets
  parse_error("a SELECT INBOX (QRESYNC (1 5 1:3 (1:3 4:6))"); // truncated
  parse_error("a SELECT INBOX (QRESYNC (1 5");
  parse_error("a SELECT INBOX (QRESYNC (1 5 ");
  parse_error("a SELECT INBOX (QRESYNC (1 5) QRESYNC (1 5))");  // repeated
  parse_error("a SELECT INBOX (QRESYNC  (1 5))");
  parse_error("a SELECT INBOX (QRESYNC (1 5 1:3 extra))");
  parse_error("a SELECT INBOX (QRESYNC (4294967296 5))");   // uidvalidity over 32 bits
  parse_error("a SELECT INBOX (QRESYNC (1 9223372036854775808))");  // over 63 bits
  parse_error("a SELECT INBOX (QRESYNC (1 99999999999999999999999999))");
  constexpr char kWithNul[] = "a SELECT INBOX (QRESYNC (1 5\0 1))";
  parse_error(std::string_view(kWithNul, sizeof(kWithNul) - 1));
  parse_error("a SELECT INBOX (QRESYNC (1 5 \x80\xff))");
  parse_error("a CREATE foo (QRESYNC (1 5))");
}

TEST_CASE("imap parser: UID FETCH (CHANGEDSINCE n VANISHED)") {
  auto a = parsed("a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)").args<FetchArguments>();
  CHECK(a.vanished);
  CHECK(a.changed_since == 12345);
  auto b = parsed("a UID FETCH 1:* FLAGS (vanished changedsince 7)").args<FetchArguments>();
  CHECK(b.vanished);
  CHECK(b.changed_since == 7);
  CHECK_FALSE(parsed("a UID FETCH 1 FLAGS (CHANGEDSINCE 7)").args<FetchArguments>().vanished);
  // The parser takes VANISHED in FETCH too; the command answers BAD (not a UID FETCH).
  CHECK(parsed("a FETCH 1 FLAGS (CHANGEDSINCE 7 VANISHED)").args<FetchArguments>().vanished);

  parse_error("a UID FETCH 1:* FLAGS (VANISHED)");  // needs CHANGEDSINCE
  parse_error("a UID FETCH 1:* FLAGS (CHANGEDSINCE 5 VANISHED VANISHED)");
  parse_error("a UID FETCH 1:* FLAGS (CHANGEDSINCE 5 CHANGEDSINCE 6)");
  parse_error("a UID FETCH 1:* FLAGS (CHANGEDSINCE 5 VANISHED");
  parse_error("a UID FETCH 1:* FLAGS (CHANGEDSINCE 5 VANISHED 3)");
  parse_error("a UID FETCH 1:* FLAGS (VANISHED CHANGEDSINCE)");
}
