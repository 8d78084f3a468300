// IMAP command parser: wire strings in, commands / literal requests / errors out.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/imap/parser.hpp"
#include "imap_test_support.hpp"

using namespace carteiro::imap;

namespace {

NeedLiteral need(std::string_view wire) {
  auto out = parse_command(wire);
  REQUIRE(std::holds_alternative<NeedLiteral>(out));
  return std::get<NeedLiteral>(out);
}

}  // namespace

TEST_CASE("imap parser: tag and command name") {
  auto c = parsed("a001 capability");
  CHECK(c.tag == "a001");
  CHECK(c.name == "CAPABILITY");
  CHECK_FALSE(c.uid);
  CHECK(parsed("x.1 NOOP").name == "NOOP");
  CHECK(parsed("A LOGOUT").tag == "A");

  SUBCASE("no tag") {
    auto e = parse_error("");
    CHECK(e.tag.empty());
    CHECK(parse_error("* NOOP").tag.empty());
    CHECK(parse_error("+ NOOP").tag.empty());
    CHECK(parse_error(" NOOP").tag.empty());
    // A tag cut short by a character a tag may not hold is no tag at all.
    CHECK(parse_error("a{1 NOOP").tag.empty());
    CHECK(parse_error("a(b NOOP").tag.empty());
    CHECK(parse_error(std::string("a\x01 NOOP", 7)).tag.empty());
  }
  SUBCASE("tag without command") {
    auto e = parse_error("a1");
    CHECK(e.tag == "a1");
    CHECK(parse_error("a1 ").tag == "a1");
  }
  SUBCASE("unknown command keeps the tag") {
    auto e = parse_error("a1 FROBNICATE");
    CHECK(e.tag == "a1");
    CHECK(e.command == "FROBNICATE");
    CHECK(e.message.find("unknown command") != std::string::npos);
    CHECK(parse_error("a1 UID NOOP").command == "UID NOOP");
  }
  SUBCASE("arguments where none belong") {
    CHECK(parse_error("a NOOP now").tag == "a");
    CHECK(parse_error("a NOOP ").tag == "a");
  }
  SUBCASE("two spaces") { CHECK(parse_error("a  NOOP").tag == "a"); }
}

TEST_CASE("imap parser: LOGIN with atoms, quoted strings and literals") {
  auto c = parsed("a LOGIN bob@example.test secret");
  CHECK(c.args<LoginArguments>().user == "bob@example.test");
  CHECK(c.args<LoginArguments>().password == "secret");

  c = parsed(R"(a LOGIN "bob" "se\"cr\\et")");
  CHECK(c.args<LoginArguments>().password == "se\"cr\\et");
  CHECK(parsed(R"(a LOGIN "" "")").args<LoginArguments>().user.empty());

  SUBCASE("synchronizing literal") {
    auto n = need("a LOGIN {3}");
    CHECK(n.tag == "a");
    CHECK(n.command == "LOGIN");
    CHECK(n.size == 3);
    CHECK(n.synchronizing);
    CHECK_FALSE(n.message);
    auto n2 = need("a LOGIN {3}\r\nbob {6+}");
    CHECK(n2.size == 6);
    CHECK_FALSE(n2.synchronizing);
    c = parsed("a LOGIN {3}\r\nbob {6+}\r\nse cr\"");
    CHECK(c.args<LoginArguments>().user == "bob");
    CHECK(c.args<LoginArguments>().password == "se cr\"");
  }
  SUBCASE("an empty literal") {
    c = parsed("a LOGIN {0}\r\n {0}\r\n");
    CHECK(c.args<LoginArguments>().user.empty());
  }
  SUBCASE("malformed") {
    CHECK(parse_error("a LOGIN bob").tag == "a");
    CHECK(parse_error("a LOGIN \"bob secret").message.find("unterminated") != std::string::npos);
    CHECK(parse_error(R"(a LOGIN "b\ob" x)").tag == "a");
    CHECK(parse_error("a LOGIN {3x}").tag == "a");
    CHECK(parse_error("a LOGIN {} x").tag == "a");
    CHECK(parse_error("a LOGIN {3} x").message.find("must end the line") != std::string::npos);
    CHECK(parse_error("a LOGIN {5}\r\nab").message.find("shorter") != std::string::npos);
    CHECK(parse_error("a LOGIN (bob) x").tag == "a");
  }
  SUBCASE("binary") {
    CHECK(parse_error(std::string("a LOGIN \"b\0b\" x", 15)).tag == "a");
    CHECK(parse_error("a LOGIN \"b\rb\" x").tag == "a");
    CHECK(parse_error(std::string("a LOGIN {3}\r\nb\0b x", 18)).message.find("NUL") != std::string::npos);
    CHECK(parse_error("a LOGIN \x80\xff x").tag == "a");
    CHECK(parse_error("\x16\x03\x01\x02\x00").tag.empty());  // a TLS ClientHello on the plain port
  }
  SUBCASE("8-bit quoted strings are UTF-8") {
    c = parsed("a LOGIN \"jos\xc3\xa9\" x");
    CHECK(c.args<LoginArguments>().user == "jos\xc3\xa9");
  }
}

TEST_CASE("imap parser: oversized input") {
  SUBCASE("huge literal is reported, not read") {
    auto n = need("a APPEND INBOX {999999999}");
    CHECK(n.size == 999999999u);
    CHECK(n.message);
    CHECK(n.command == "APPEND");
    CHECK(parse_error("a LOGIN {99999999999999} x").tag == "a");
  }
  SUBCASE("numbers") {
    CHECK(parse_error("a FETCH 4294967296 FLAGS").tag == "a");
    CHECK(parsed("a FETCH 4294967295 FLAGS").args<FetchArguments>().set.ranges[0].first == 4294967295u);
    CHECK(parse_error("a SEARCH LARGER 99999999999999999999999").tag == "a");
  }
  SUBCASE("a quoted string over the limit") {
    std::string wire = "a LOGIN \"" + std::string(70000, 'x') + "\" y";
    CHECK(parse_error(wire).message.find("too long") != std::string::npos);
  }
  SUBCASE("deep search nesting") {
    std::string wire = "a SEARCH ";
    for (int i = 0; i < 100; ++i) wire += "NOT ";
    wire += "SEEN";
    CHECK(parse_error(wire).message.find("deeply") != std::string::npos);
    std::string parens = "a SEARCH " + std::string(100, '(') + "SEEN" + std::string(100, ')');
    CHECK(parse_error(parens).tag == "a");
  }
}

TEST_CASE("imap parser: sequence sets") {
  auto set = [](std::string_view s) {
    return parsed("a FETCH " + std::string(s) + " FLAGS").args<FetchArguments>().set;
  };
  auto s = set("1:4,7,9:*");
  REQUIRE(s.ranges.size() == 3);
  CHECK(s.ranges[0] == SequenceSet::Range{1, 4});
  CHECK(s.ranges[1] == SequenceSet::Range{7, 7});
  CHECK(s.ranges[2] == SequenceSet::Range{9, kStar});
  CHECK(s.uses_star());
  CHECK(set("*").ranges[0] == SequenceSet::Range{kStar, kStar});

  SUBCASE("resolve: either order, star, merge") {
    auto r = set("5:2,3,*:8,20,7,6").resolve(10);
    REQUIRE(r.size() == 2);
    CHECK(r[0] == SequenceSet::Range{2, 10});
    CHECK(r[1] == SequenceSet::Range{20, 20});
    // RFC 3501: "559:*" includes the last UID even if it is below 559.
    auto u = set("559:*").resolve(300);
    REQUIRE(u.size() == 1);
    CHECK(u[0] == SequenceSet::Range{300, 559});
    CHECK(set("1:*").resolve(0).empty());
    CHECK(set("4294967295,1").resolve(3).back().last == 4294967295u);
    CHECK(set("3:1").contains(2, 0));
    CHECK(set("*").contains(7, 7));
    CHECK_FALSE(set("*").contains(6, 7));
  }
  SUBCASE("invalid") {
    CHECK(parse_error("a FETCH 0 FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1: FLAGS").tag == "a");
    CHECK(parse_error("a FETCH :2 FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1,,2 FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1, FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1:2:3 FLAGS").tag == "a");
    CHECK(parse_error("a FETCH -1 FLAGS").tag == "a");
    CHECK(parse_error("a FETCH ** FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1:0 FLAGS").tag == "a");
  }
}

TEST_CASE("imap parser: FETCH attributes") {
  auto items = [](std::string_view s) {
    return parsed("a FETCH 1 " + std::string(s)).args<FetchArguments>().items;
  };
  CHECK(items("ALL").size() == 4);
  CHECK(items("fast").size() == 3);
  CHECK(items("FULL").back().kind == FetchKind::body);
  CHECK(items("FLAGS")[0].kind == FetchKind::flags);
  CHECK(items("BODYSTRUCTURE")[0].kind == FetchKind::bodystructure);
  CHECK(items("(UID RFC822.SIZE)")[1].kind == FetchKind::rfc822_size);
  CHECK(items("(RFC822 RFC822.HEADER RFC822.TEXT INTERNALDATE ENVELOPE BODY)").size() == 6);

  SUBCASE("sections") {
    auto i = items("BODY[]")[0];
    CHECK(i.kind == FetchKind::section);
    CHECK(i.section.part.empty());
    CHECK(i.section.text == SectionText::none);
    CHECK_FALSE(i.section.peek);
    CHECK(i.section.spec.empty());

    i = items("BODY.PEEK[1.2.HEADER]<0.100>")[0];
    CHECK(i.section.peek);
    CHECK(i.section.part == std::vector<unsigned>{1, 2});
    CHECK(i.section.text == SectionText::header);
    REQUIRE(i.section.partial_offset);
    CHECK(*i.section.partial_offset == 0);
    CHECK(i.section.partial_length == 100);
    CHECK(i.section.spec == "1.2.HEADER");

    i = items("body.peek[header.fields (From To \"X-Y\")]")[0];
    CHECK(i.section.text == SectionText::header_fields);
    CHECK(i.section.fields == std::vector<std::string>{"From", "To", "X-Y"});
    CHECK(i.section.spec == "HEADER.FIELDS (From To X-Y)");

    CHECK(items("BODY[HEADER.FIELDS.NOT (Received)]")[0].section.text == SectionText::header_fields_not);
    CHECK(items("BODY[3.MIME]")[0].section.text == SectionText::mime);
    CHECK(items("BODY[TEXT]")[0].section.spec == "TEXT");
    CHECK(items("BODY[4]<10.5>")[0].section.spec == "4");
  }
  SUBCASE("malformed") {
    CHECK(parse_error("a FETCH 1 BODY[").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[MIME]").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[1.]").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[0]").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[HEADER.FIELDS]").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[HEADER.FIELDS ()]").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[]<1>").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY[]<1.0>").tag == "a");
    CHECK(parse_error("a FETCH 1 BODY.PEEK").tag == "a");
    CHECK(parse_error("a FETCH 1 (FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1 (FLAGS))").tag == "a");
    CHECK(parse_error("a FETCH 1 ()").tag == "a");
    CHECK(parse_error("a FETCH 1 (ALL)").tag == "a");
    CHECK(parse_error("a FETCH 1 ALLX").tag == "a");
    CHECK(parse_error("a FETCH 1 FLAGS FLAGS").tag == "a");
    CHECK(parse_error("a FETCH 1").tag == "a");
    CHECK(parse_error("a FETCH").tag == "a");
  }
}

TEST_CASE("imap parser: STORE") {
  auto c = parsed("a STORE 2:4 +FLAGS.SILENT (\\Deleted $Junk)");
  const auto& s = c.args<StoreArguments>();
  CHECK(s.mode == StoreMode::add);
  CHECK(s.silent);
  CHECK(s.flags == std::vector<std::string>{"\\Deleted", "$Junk"});
  CHECK(parsed("a STORE 1 -FLAGS \\Seen \\Flagged").args<StoreArguments>().flags.size() == 2);
  CHECK(parsed("a STORE 1 FLAGS ()").args<StoreArguments>().flags.empty());
  CHECK(parsed("a UID STORE 1 flags (\\Seen)").uid);
  CHECK(parse_error("a STORE 1 *FLAGS (\\Seen)").tag == "a");
  CHECK(parse_error("a STORE 1 FLAGS (\\Seen").tag == "a");
  CHECK(parse_error("a STORE 1 FLAGS").tag == "a");
  CHECK(parse_error("a STORE 1 FLAGS (\\)").tag == "a");
  CHECK(parse_error("a STORE 1 FLAGS (a(b)").tag == "a");
}

TEST_CASE("imap parser: SEARCH") {
  auto key = [](std::string_view s) { return parsed("a SEARCH " + std::string(s)).args<SearchArguments>(); };
  auto a = key("UNSEEN");
  REQUIRE(a.key.children.size() == 1);
  CHECK(a.key.kind == SearchKey::Kind::and_);
  CHECK(a.key.children[0].kind == SearchKey::Kind::unseen);

  a = key("CHARSET utf-8 OR (FROM bob SINCE 1-Feb-1994) NOT TEXT \"hello world\" 1:3 UID 7,*");
  CHECK(a.charset == "UTF-8");
  REQUIRE(a.key.children.size() == 3);
  const auto& o = a.key.children[0];
  CHECK(o.kind == SearchKey::Kind::or_);
  REQUIRE(o.children.size() == 2);
  CHECK(o.children[0].kind == SearchKey::Kind::and_);
  CHECK(o.children[0].children[0].value == "bob");
  CHECK(o.children[0].children[1].number == 8797);  // 1994-02-01 in days since 1970
  CHECK(o.children[1].kind == SearchKey::Kind::not_);
  CHECK(o.children[1].children[0].value == "hello world");
  CHECK(a.key.children[1].kind == SearchKey::Kind::sequence);
  CHECK(a.key.children[2].kind == SearchKey::Kind::uid);

  auto h = key("HEADER Message-ID \"<x@y>\" LARGER 100 KEYWORD $Forwarded SENTON \"02-Mar-2020\"");
  CHECK(h.key.children[0].field == "Message-ID");
  CHECK(h.key.children[0].value == "<x@y>");
  CHECK(h.key.children[1].number == 100);
  CHECK(h.key.children[2].value == "$Forwarded");
  CHECK(h.key.children[3].kind == SearchKey::Kind::senton);

  SUBCASE("literal argument with 8-bit text") {
    auto n = need("a SEARCH CHARSET UTF-8 SUBJECT {4}");
    CHECK(n.size == 4);
    auto c = parsed("a SEARCH CHARSET UTF-8 SUBJECT {4}\r\n\xc3\xa9t\xc3");
    CHECK(c.args<SearchArguments>().key.children[0].value == "\xc3\xa9t\xc3");
  }
  SUBCASE("malformed") {
    CHECK(parse_error("a SEARCH").tag == "a");
    CHECK(parse_error("a SEARCH FROM").tag == "a");
    CHECK(parse_error("a SEARCH OR SEEN").tag == "a");
    CHECK(parse_error("a SEARCH (SEEN").tag == "a");
    CHECK(parse_error("a SEARCH SEEN)").tag == "a");
    CHECK(parse_error("a SEARCH ()").tag == "a");
    CHECK(parse_error("a SEARCH BEFORE 31-Feb-2020").tag == "a");
    CHECK(parse_error("a SEARCH BEFORE 1-Foo-2020").tag == "a");
    CHECK(parse_error("a SEARCH BEFORE 1-Jan-20").tag == "a");
    CHECK(parse_error("a SEARCH FLUBBER").message.find("FLUBBER") != std::string::npos);
    CHECK(parse_error("a SEARCH CHARSET").tag == "a");
  }
}

TEST_CASE("imap parser: APPEND") {
  auto n = need("a APPEND Sent (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {5+}");
  CHECK(n.message);
  CHECK_FALSE(n.synchronizing);
  // The message's bytes are spooled by the session: the parser sees the marker and its CRLF.
  auto c = parsed("a APPEND Sent (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {5+}\r\n");
  const auto& a = c.args<AppendArguments>();
  CHECK(a.mailbox == "Sent");
  CHECK(a.flags == std::vector<std::string>{"\\Seen"});
  REQUIRE(a.internaldate);
  CHECK(*a.internaldate == 760686745);  // 1994-02-08 05:52:25 UTC
  CHECK(a.internaldate_zone == -8 * 60);  // kept, for FETCH INTERNALDATE
  CHECK(a.message_size == 5);
  CHECK_FALSE(a.message);  // attached by the session, never by the parser
  auto plain = parsed("a APPEND inbox {0}\r\n").args<AppendArguments>();
  CHECK(plain.mailbox == "INBOX");
  CHECK(plain.message_size == 0);
  // A mailbox name given as a literal still carries its bytes; the message after it does not.
  auto both = parsed("a APPEND {5}\r\nDraft {12}\r\n").args<AppendArguments>();
  CHECK(both.mailbox == "Draft");
  CHECK(both.message_size == 12);
  SUBCASE("malformed") {
    CHECK(parse_error("a APPEND x {3}\r\nabc").tag == "a");  // bytes where only the CRLF may be
    CHECK(parse_error("a APPEND INBOX").tag == "a");
    CHECK(parse_error("a APPEND INBOX hello").tag == "a");
    CHECK(parse_error("a APPEND INBOX \"7-Feb-1994 21:52:25 -0800\" {1}\r\nx").tag == "a");
    CHECK(parse_error("a APPEND INBOX \"07-Feb-1994 25:52:25 -0800\" {1}\r\nx").tag == "a");
    CHECK(parse_error("a APPEND INBOX (\\Seen {1}\r\nx").tag == "a");
    CHECK(parse_error("a APPEND INBOX {1}\r\nx extra").tag == "a");
  }
}

TEST_CASE("imap parser: mailbox commands") {
  CHECK(parsed("a SELECT inbox").args<MailboxArguments>().mailbox == "INBOX");
  CHECK(parsed("a EXAMINE \"Sent\"").args<MailboxArguments>().mailbox == "Sent");
  CHECK(parsed("a CREATE a/b]").args<MailboxArguments>().mailbox == "a/b]");
  auto r = parsed("a RENAME INBOX Old").args<RenameArguments>();
  CHECK(r.from == "INBOX");
  CHECK(r.to == "Old");
  auto s = parsed("a STATUS INBOX (MESSAGES UNSEEN uidnext)").args<StatusArguments>();
  CHECK(s.items.size() == 3);
  CHECK(parse_error("a STATUS INBOX ()").tag == "a");
  CHECK(parse_error("a STATUS INBOX (FOO)").tag == "a");
  CHECK(parse_error("a SELECT").tag == "a");
  CHECK(parse_error("a SELECT a*b").tag == "a");
  CHECK(parse_error("a RENAME x").tag == "a");
}

TEST_CASE("imap parser: LIST and LSUB") {
  auto l = parsed("a LIST \"\" *").args<ListArguments>();
  CHECK(l.reference.empty());
  CHECK(l.patterns == std::vector<std::string>{"*"});
  CHECK_FALSE(l.extended);
  CHECK(parsed("a LIST \"\" %/a%").args<ListArguments>().patterns[0] == "%/a%");
  CHECK(parsed("a LSUB \"\" \"*\"").name == "LSUB");

  auto x = parsed("a LIST (SUBSCRIBED) \"\" (INBOX \"Sent\" %) RETURN (CHILDREN SPECIAL-USE)").args<ListArguments>();
  CHECK(x.extended);
  CHECK(x.select_subscribed);
  CHECK(x.patterns.size() == 3);
  CHECK(x.return_children);
  CHECK(x.return_special_use);
  CHECK(parsed("a LIST \"\" * RETURN (SUBSCRIBED)").args<ListArguments>().return_subscribed);
  CHECK(parsed("a LIST () \"\" *").args<ListArguments>().extended);
  CHECK(parse_error("a LIST (RECURSIVEMATCH) \"\" *").tag == "a");
  CHECK(parse_error("a LIST (BOGUS) \"\" *").tag == "a");
  CHECK(parse_error("a LIST \"\" * RETURN (BOGUS)").tag == "a");
  CHECK(parse_error("a LIST \"\"").tag == "a");
  CHECK(parse_error("a LIST \"\" (*").tag == "a");
}

TEST_CASE("imap parser: a LIST or LSUB pattern longer than kMaxListPattern is refused") {
  std::string longest(kMaxListPattern, '*');
  CHECK(parsed("a LIST \"\" " + longest).args<ListArguments>().patterns[0] == longest);
  auto too_long = parse_error("a LIST \"\" " + longest + "a");
  CHECK(too_long.tag == "a");
  CHECK(too_long.message.find("pattern is too long") != std::string::npos);
  // The reference counts: it is prefixed to the pattern before matching.
  CHECK(parse_error("a LIST \"x\" " + longest).message.find("too long") != std::string::npos);
  CHECK(parse_error("a LSUB \"\" " + longest + "%").message.find("too long") != std::string::npos);
  CHECK(parse_error("a LIST (SUBSCRIBED) \"\" (INBOX \"" + longest + "a\")").message.find("too long") !=
        std::string::npos);
}

TEST_CASE("imap parser: AUTHENTICATE, ENABLE, ID, UID EXPUNGE, COPY, MOVE") {
  auto a = parsed("a authenticate plain AGJvYgBzZWNyZXQ=").args<AuthenticateArguments>();
  CHECK(a.mechanism == "PLAIN");
  CHECK(a.initial_response == "AGJvYgBzZWNyZXQ=");
  CHECK(parsed("a AUTHENTICATE PLAIN =").args<AuthenticateArguments>().initial_response == "=");
  CHECK_FALSE(parsed("a AUTHENTICATE LOGIN").args<AuthenticateArguments>().initial_response);

  CHECK(parsed("a ENABLE condstore utf8=accept").args<EnableArguments>().capabilities ==
        std::vector<std::string>{"CONDSTORE", "UTF8=ACCEPT"});
  CHECK(parse_error("a ENABLE").tag == "a");

  auto id = parsed("a ID (\"name\" \"mutt\" \"version\" NIL)").args<IdArguments>();
  REQUIRE(id.fields.size() == 2);
  CHECK(id.fields[0].second == "mutt");
  CHECK_FALSE(id.fields[1].second);
  CHECK(parsed("a ID NIL").args<IdArguments>().fields.empty());
  CHECK(parse_error("a ID (\"name\")").tag == "a");

  CHECK(parsed("a UID EXPUNGE 1:3").args<UidExpungeArguments>().set.ranges.size() == 1);
  CHECK(std::holds_alternative<NoArguments>(parsed("a EXPUNGE").arguments));
  CHECK(parse_error("a UID EXPUNGE").tag == "a");
  CHECK(parse_error("a EXPUNGE 1").tag == "a");

  auto m = parsed("a UID MOVE 4:* Trash");
  CHECK(m.name == "MOVE");
  CHECK(m.uid);
  CHECK(m.args<CopyArguments>().mailbox == "Trash");
  CHECK(parsed("a COPY 1 \"Sent Items\"").args<CopyArguments>().mailbox == "Sent Items");
  CHECK(parse_error("a COPY 1").tag == "a");
}

TEST_CASE("imap parser: CONDSTORE (RFC 7162 section 7)") {
  CHECK(parsed("a SELECT INBOX (CONDSTORE)").args<MailboxArguments>().condstore);
  CHECK(parsed("a EXAMINE \"Sent\" (condstore)").args<MailboxArguments>().condstore);
  CHECK_FALSE(parsed("a SELECT INBOX").args<MailboxArguments>().condstore);
  CHECK(parse_error("a SELECT INBOX (ANNOTATE)").message.find("ANNOTATE") != std::string::npos);  // unknown parameter
  parse_error("a SELECT INBOX (CONDSTORE");
  parse_error("a SELECT INBOX ()");
  parse_error("a CREATE foo (CONDSTORE)");  // only SELECT and EXAMINE take parameters

  auto fetch = parsed("a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)").args<FetchArguments>();
  CHECK(fetch.changed_since == 12345);
  CHECK(parsed("a FETCH 1 MODSEQ").args<FetchArguments>().items[0].kind == FetchKind::modseq);
  CHECK(parsed("a FETCH 1:2 FLAGS (changedsince 9223372036854775807)").args<FetchArguments>().changed_since ==
        9223372036854775807LL);
  parse_error("a FETCH 1 FLAGS (CHANGEDSINCE 0)");  // mod-sequence-value is 1 or more
  parse_error("a FETCH 1 FLAGS (CHANGEDSINCE 9223372036854775808)");
  parse_error("a FETCH 1 FLAGS (CHANGEDSINCE)");
  parse_error("a FETCH 1 FLAGS (VANISHED)");
  parse_error("a FETCH 1 FLAGS (CHANGEDSINCE 5");
  parse_error("a FETCH 1 FLAGS ");

  auto store = parsed("a STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)").args<StoreArguments>();
  CHECK(store.unchanged_since == 0);
  CHECK(store.silent);
  CHECK(store.mode == StoreMode::add);
  CHECK_FALSE(parsed("a STORE 1 FLAGS (\\Seen)").args<StoreArguments>().unchanged_since);
  parse_error("a STORE 1 (UNCHANGEDSINCE x) FLAGS (\\Seen)");
  parse_error("a STORE 1 (UNCHANGEDSINCE 5)FLAGS (\\Seen)");
  parse_error("a STORE 1 (FOO 5) FLAGS (\\Seen)");

  auto key = parsed("a SEARCH MODSEQ 620162338").args<SearchArguments>().key.children.at(0);
  CHECK(key.kind == SearchKey::Kind::modseq);
  CHECK(key.number == 620162338);
  key = parsed("a SEARCH OR NOT MODSEQ \"/flags/\\\\draft\" all 0 SEEN").args<SearchArguments>().key.children.at(0);
  CHECK(key.children.at(0).children.at(0).kind == SearchKey::Kind::modseq);
  parse_error("a SEARCH MODSEQ");
  parse_error("a SEARCH MODSEQ \"/flags/\\\\draft\" everyone 5");
  parse_error("a SEARCH MODSEQ \"/annotation/x\" all 5");
  parse_error("a SEARCH MODSEQ -1");
}

TEST_CASE("imap parser: SEARCH RETURN (RFC 4731)") {
  auto a = parsed("a UID SEARCH RETURN (MIN COUNT) CHARSET UTF-8 UNSEEN").args<SearchArguments>();
  REQUIRE(a.result);
  CHECK(a.result->min);
  CHECK(a.result->count);
  CHECK_FALSE(a.result->max);
  CHECK_FALSE(a.result->all);
  CHECK(a.charset == "UTF-8");
  auto empty = parsed("a SEARCH RETURN () ALL").args<SearchArguments>();
  REQUIRE(empty.result);
  CHECK(empty.result->all);  // RETURN () means ALL
  CHECK_FALSE(parsed("a SEARCH ALL").args<SearchArguments>().result);
  parse_error("a SEARCH RETURN (SAVE) ALL");
  parse_error("a SEARCH RETURN (MIN ALL");
  parse_error("a SEARCH RETURN MIN ALL");
  parse_error("a SEARCH RETURN (MIN)");
}

TEST_CASE("imap parser: helpers for the session") {
  auto m = trailing_literal("a LOGIN {5}");
  REQUIRE(m);
  CHECK(m->size == 5);
  CHECK(m->synchronizing);
  m = trailing_literal("a APPEND x {12+}");
  REQUIRE(m);
  CHECK_FALSE(m->synchronizing);
  CHECK_FALSE(trailing_literal("a NOOP"));
  CHECK_FALSE(trailing_literal("a LOGIN {}"));
  CHECK_FALSE(trailing_literal("a LOGIN {x}"));
  CHECK_FALSE(trailing_literal("}"));
  // An oversized count is still a literal's marker: its octets must never be read as
  // commands, so it reads as a size over every limit.
  REQUIRE(trailing_literal("a FROB {99999999999999999999999+}"));
  CHECK(trailing_literal("a FROB {99999999999999999999999+}")->size > 0xffffffffULL);
  CHECK_FALSE(trailing_literal("a FROB {99999999999999999999999+}")->synchronizing);
  // Leading zeros count for nothing, as in the parser: "{000000000005}" is 5 octets.
  REQUIRE(trailing_literal("a FROB {000000000005+}"));
  CHECK(trailing_literal("a FROB {000000000005+}")->size == 5);
  CHECK(need("a LOGIN {000000000005}").size == 5);

  CHECK(leading_tag("a12 FETCH") == "a12");
  CHECK(leading_tag("a12") == "a12");
  CHECK_FALSE(leading_tag("* FETCH"));
  CHECK_FALSE(leading_tag("a\x01 x"));
}

TEST_CASE("imap parser: random and mutated input never breaks it") {
  // A deterministic generator (no std::random_device): the same inputs on every run.
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
  };
  const std::string seeds[] = {
      "a1 FETCH 1:*,3 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (From To)]<0.100> UID)",
      "a2 SEARCH CHARSET UTF-8 OR (FROM \"bob\" SINCE 1-Feb-1994) NOT UID 3:* HEADER X y",
      "a3 APPEND INBOX (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {5}\r\nhello",
      "a4 LIST (SUBSCRIBED) \"\" (INBOX \"a b\" %) RETURN (CHILDREN)",
      "a5 UID STORE 1:3 +FLAGS.SILENT (\\Deleted $x)",
      "a6 LOGIN {3}\r\nbob {6+}\r\nsecret",
      "a7 ID (\"name\" NIL)",
  };
  std::size_t outcomes = 0;
  for (const auto& seed : seeds) {
    for (int round = 0; round < 2000; ++round) {
      std::string s = seed;
      int edits = 1 + static_cast<int>(next() % 4);
      for (int e = 0; e < edits && !s.empty(); ++e) {
        auto pos = next() % s.size();
        switch (next() % 4) {
          case 0: s[pos] = static_cast<char>(next() & 0xff); break;  // replace a byte
          case 1: s.erase(pos, 1 + next() % 8); break;               // cut
          case 2: s.insert(pos, 1, "(){}[]<>\"\\*%: 0+\r\n"[next() % 19]); break;
          case 3: s.resize(pos); break;                              // truncate
        }
      }
      auto out = parse_command(s);
      outcomes += out.index() < 3 ? 1 : 0;
    }
  }
  std::string garbage;
  for (int i = 0; i < 5000; ++i) {
    garbage.push_back(static_cast<char>(next() & 0xff));
    auto out = parse_command(garbage);
    outcomes += out.index() < 3 ? 1 : 0;
  }
  CHECK(outcomes == 7 * 2000 + 5000);
}
