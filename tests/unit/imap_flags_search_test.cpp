// Flags (STORE/APPEND parsing, keyword lists, FLAGS output), response helpers and the
// SEARCH evaluator on hand-made messages.
#include <doctest/doctest.h>

#include "carteiro/imap/flags.hpp"
#include "carteiro/imap/parser.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/imap/search.hpp"
#include "carteiro/store/messages.hpp"

using namespace carteiro;
using namespace carteiro::imap;

TEST_CASE("imap flags") {
  auto p = parse_flags({"\\Seen", "\\FLAGGED", "$Work", "$work", "Junk"});
  CHECK_FALSE(p.error);
  CHECK(p.flags.system == (store::kSeen | store::kFlagged));
  CHECK(p.flags.keywords == std::vector<std::string>{"$Work", "Junk"});
  CHECK(parse_flags({"\\Recent"}).error);
  CHECK(parse_flags({"\\Bogus"}).error);

  auto k = add_keywords(split_keywords("$a $b"), {"$B", "$c"});
  CHECK(join_keywords(k) == "$a $b $c");
  CHECK(join_keywords(remove_keywords(k, {"$A"})) == "$b $c");
  CHECK(split_keywords("").empty());

  CHECK(flag_list(store::kSeen | store::kDeleted, "$x", true) == "(\\Deleted \\Seen \\Recent $x)");
  CHECK(flag_list(0, "", false) == "()");
  CHECK(defined_flags({"$x"}) == "(\\Answered \\Flagged \\Deleted \\Seen \\Draft $x)");
  CHECK(permanent_flags({}) == "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)");
}

TEST_CASE("imap response helpers") {
  CHECK(uid_set_text({1, 2, 3, 5, 7, 8}) == "1:3,5,7:8");
  CHECK(uid_set_text({4}) == "4");
  CHECK(uid_set_text({}).empty());
  CHECK(imap_literal("ab") == "{2}\r\nab");
  CHECK(imap_string("INBOX") == "\"INBOX\"");
  CHECK(imap_string("a\r\nb").rfind("{4}", 0) == 0);
  CHECK(imap_internaldate(0) == "\"01-Jan-1970 00:00:00 +0000\"");
  // The zone an APPEND gave: the same instant, written in that zone.
  CHECK(imap_internaldate(760686745, 5 * 60 + 30) == "\"08-Feb-1994 11:22:25 +0530\"");
  CHECK(imap_internaldate(760686745, -8 * 60) == "\"07-Feb-1994 21:52:25 -0800\"");
}

namespace {

SearchKey keys(std::string_view text) {
  auto out = parse_command("a SEARCH " + std::string(text));
  REQUIRE(std::holds_alternative<Command>(out));
  return std::get<Command>(out).args<SearchArguments>().key;
}

struct Fixture {
  int loads = 0;
  SearchMessage message(std::string content) {
    SearchMessage m;
    m.seq = 2;
    m.uid = 20;
    m.flags = store::kSeen;
    m.keywords = "$Todo";
    m.size = static_cast<std::int64_t>(content.size());
    m.internaldate = 1200000000;  // 2008-01-10 21:20:00 UTC
    m.modseq = 40;
    m.load = [this, content] {
      ++loads;
      return content;
    };
    return m;
  }
};

const char* kMessage =
    "From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.test>\r\n"
    "To: bob@example.test\r\n"
    "Subject: Quarterly report\r\n"
    "Date: Tue, 15 Jan 2008 23:20:30 -0500\r\n"
    "X-Priority: 1\r\n"
    "\r\n"
    "The numbers are in: xylophone sales doubled.\r\n";

}  // namespace

TEST_CASE("imap search evaluation") {
  Fixture f;
  SearchScope scope{5, 50};
  auto matches = [&](std::string_view text) {
    auto m = f.message(kMessage);
    return search_matches(keys(text), m, scope);
  };
  CHECK(matches("ALL"));
  CHECK(matches("SEEN UNFLAGGED UNDELETED UNANSWERED UNDRAFT OLD"));
  CHECK_FALSE(matches("UNSEEN"));
  CHECK_FALSE(matches("NEW"));
  CHECK(matches("KEYWORD $todo"));
  CHECK(matches("UNKEYWORD $Done"));
  CHECK(matches("2"));
  CHECK(matches("*:2"));
  CHECK_FALSE(matches("3:4"));
  CHECK(matches("UID 20"));
  CHECK_FALSE(matches("UID 21:*"));  // "*" is 50
  CHECK_FALSE(matches("UID 1:19"));
  CHECK(matches("OR DELETED SEEN"));
  CHECK(matches("NOT (DELETED FLAGGED)"));

  CHECK(matches("SINCE 10-Jan-2008"));
  CHECK(matches("ON 10-Jan-2008"));
  CHECK(matches("BEFORE 11-Jan-2008"));
  CHECK_FALSE(matches("BEFORE 10-Jan-2008"));
  // RFC 3501 section 6.4.4: the date as written, "disregarding time and timezone"
  // (23:20 -0500 on the 15th is the 16th in UTC, but the message was sent on the 15th).
  CHECK(matches("SENTON 15-Jan-2008"));
  CHECK_FALSE(matches("SENTON 16-Jan-2008"));
  CHECK(matches("SENTSINCE 15-Jan-2008"));
  CHECK_FALSE(matches("SENTSINCE 16-Jan-2008"));
  CHECK(matches("SENTBEFORE 16-Jan-2008"));
  CHECK_FALSE(matches("SENTBEFORE 15-Jan-2008"));
  CHECK(matches("LARGER 10 SMALLER 100000"));
  CHECK(matches("MODSEQ 40"));  // RFC 7162 section 3.1.5: at least that mod-sequence
  CHECK(matches("MODSEQ 0"));
  CHECK_FALSE(matches("MODSEQ 41"));
  CHECK(uses_modseq(keys("OR SEEN (NOT MODSEQ 3)")));
  CHECK_FALSE(uses_modseq(keys("OR SEEN (NOT UID 3)")));

  CHECK(matches("FROM \"jos\xc3\xa9\""));  // decoded RFC 2047, UTF-8 in a quoted string
  CHECK(matches("FROM JOSE@EXAMPLE"));
  CHECK(matches("SUBJECT quarterly"));
  CHECK(matches("HEADER X-Priority 1"));
  CHECK(matches("HEADER X-Priority \"\""));
  CHECK_FALSE(matches("HEADER X-Missing \"\""));
  CHECK(matches("BODY XYLOPHONE"));
  CHECK_FALSE(matches("BODY quarterly"));
  CHECK(matches("TEXT quarterly"));
  CHECK(matches("TEXT xylophone"));
  CHECK_FALSE(matches("CC bob"));
  CHECK_FALSE(matches("BCC bob"));
  CHECK(matches("TO bob"));
}

TEST_CASE("imap search address keys look in each address on its own") {
  Fixture f;
  SearchScope scope{5, 50};
  auto matches = [&](std::string_view message, std::string_view text) {
    auto m = f.message(std::string(message));
    return search_matches(keys(text), m, scope);
  };
  // Comments inside the address (RFC 5322 section 3.4.1 allows CFWS around its parts).
  const char* commented = "From: <user (comment)@ (comment) example.org>\r\nSubject: x\r\n\r\nbody\r\n";
  CHECK(matches(commented, "FROM user@example.org"));
  CHECK(matches(commented, "FROM USER@EXAMPLE"));
  CHECK_FALSE(matches(commented, "FROM nobody@example.org"));
  // Display names, quoted or encoded, match too.
  const char* named = "To: \"Ann Smith\" <ann@x.test>, =?UTF-8?Q?Jo=C3=A3o?= <joao@y.test>\r\n\r\nb\r\n";
  CHECK(matches(named, "TO \"ann smith\""));
  CHECK(matches(named, "TO \"Jo\xc3\xa3o\""));
  CHECK(matches(named, "TO joao@y.test"));
  // Text that spans two addresses is in neither of them.
  const char* two = "Cc: bob@example.org, bobby@example.net\r\n\r\nb\r\n";
  CHECK(matches(two, "CC bob@example.org"));
  CHECK(matches(two, "CC bobby@example.net"));
  CHECK_FALSE(matches(two, "CC \"bob@example.org, bobby\""));
  CHECK_FALSE(matches(two, "CC \"example.org, bob\""));
  // A field with no address that parses is still searched as text; an absent one never.
  CHECK(matches("Bcc: undisclosed recipients\r\n\r\nb\r\n", "BCC undisclosed"));
  CHECK_FALSE(matches(two, "BCC bob"));
  CHECK(matches(two, "CC \"\""));
}

TEST_CASE("imap search loads a message only for keys that need it, once") {
  Fixture f;
  SearchScope scope{5, 50};
  auto m = f.message(kMessage);
  CHECK(search_matches(keys("SEEN LARGER 1 UID 20"), m, scope));
  CHECK(f.loads == 0);
  CHECK(search_matches(keys("SUBJECT report BODY sales TEXT numbers"), m, scope));
  CHECK(f.loads == 1);
}
