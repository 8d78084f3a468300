#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/list_answer.hpp"
#include "carteiro/delivery/list_loop.hpp"
#include "carteiro/delivery/list_notices.hpp"
#include "carteiro/delivery/list_request.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/list_tokens.hpp"
#include "carteiro/store/lists.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/queue.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

namespace {

// A bare database with domain example.test, list team@example.test and accounts; mail is
// delivered as Deliverer::deliver does it, in plan and write steps.
struct ListDb : TestDb {
  ListDb() {
    store::domains::add(*db, "example.test");
    store::lists::create(*db, "team@example.test", false);
    for (const char* a : {"ann@example.test", "bob@example.test", "cid@example.test"})
      store::accounts::add(*db, a, "x");
    store::lists::add_member(*db, "team@example.test", "ann@example.test");
    store::lists::add_member(*db, "team@example.test", "bob@example.test");
  }
  Delivered deliver(const std::string& sender, const std::string& rcpt, const std::string& message) {
    Envelope envelope{sender, {rcpt}, "TESTID"};
    auto plan = plan_delivery(*db, envelope, Message{{}, message});
    store::WriteTx tx{*db, {}};
    return store_copies(tx, plan, Message{{}, message}, content_meta(message));
  }
  std::vector<std::string> inbox(const char* address) {
    std::vector<std::string> out;
    auto account = store::accounts::find(*db, address);
    for (auto& m : store::messages::list(*db, store::mailboxes::inbox_id(*db, account->id)))
      out.push_back(store::contents::read(*db, m.content_id));
    return out;
  }
  std::vector<std::string> members() { return store::lists::find(*db, "team@example.test")->members; }
};

// The token in a confirmation's "Subject: confirm TOKEN".
std::string token_in(const std::string& notice) {
  auto at = notice.find("Subject: confirm ");
  REQUIRE(at != std::string::npos);
  auto start = at + 17;
  return notice.substr(start, notice.find("\r\n", start) - start);
}

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("delivery lists: a post knows its own list by List-Id or X-Loop") {
  CHECK(came_through_list("List-Id: <team.example.test>\r\n\r\nbody\r\n", "team@example.test"));
  CHECK(came_through_list("List-Id: The team\r\n <TEAM.example.test>\r\nSubject: x\r\n\r\n", "team@example.test"));
  CHECK(came_through_list("Subject: x\r\nX-Loop: team@example.test\r\n\r\n", "team@example.test"));
  CHECK(came_through_list("X-Loop:   Team@Example.Test  \r\n\r\n", "team@example.test"));
  // Another list's id, a longer name, a List-Id in the body, a broken field: no loop.
  CHECK_FALSE(came_through_list("List-Id: <other.example.test>\r\n\r\n", "team@example.test"));
  CHECK_FALSE(came_through_list("List-Id: <xteam.example.test>\r\n\r\n", "team@example.test"));
  CHECK_FALSE(came_through_list("Subject: x\r\n\r\nList-Id: <team.example.test>\r\n", "team@example.test"));
  CHECK_FALSE(came_through_list("List-Id: team.example.test>\r\n\r\n", "team@example.test"));
  CHECK_FALSE(came_through_list("X-Loop: team@example.test.evil\r\n\r\n", "team@example.test"));
  CHECK_FALSE(came_through_list("", "team@example.test"));
  const char with_nul[] = "List-Id: <team.example.test\0>\r\n\r\n";
  CHECK_FALSE(came_through_list(std::string(with_nul, sizeof with_nul - 1), "team@example.test"));
}

TEST_CASE("delivery lists: a post coming back to its list is not exploded again") {
  ListDb t;
  auto first = t.deliver("ann@example.test", "team@example.test", "Subject: hi\r\n\r\nhello\r\n");
  CHECK(first.local == 2);
  auto copy = t.inbox("bob@example.test").at(0);
  CHECK(has(copy, "X-Loop: team@example.test\r\n"));
  // The stored post, as a member's forward would send it back.
  auto again = t.deliver("bob@example.test", "team@example.test", copy.substr(copy.find("\r\n") + 2));
  CHECK(again.local == 0);
  CHECK(again.remote == 0);
  CHECK(again.failed.empty());  // dropped, not failed: nobody is bounced
  CHECK(t.inbox("bob@example.test").size() == 1);
  // A post of another list is posted as usual.
  auto other = t.deliver("ann@example.test", "team@example.test", "List-Id: <other.example.test>\r\n\r\nx\r\n");
  CHECK(other.local == 2);
}

TEST_CASE("delivery lists: LIST-request resolves to the list's robot") {
  ListDb t;
  auto r = resolve(*t.db, *parse_address("Team-Request@example.test"), "x@else.test");
  REQUIRE(r.ok());
  CHECK(r.direct.empty());
  CHECK(r.lists.empty());
  REQUIRE(r.requests.size() == 1);
  CHECK(r.requests[0] == "team@example.test");
  CHECK(resolve(*t.db, *parse_address("nolist-request@example.test"), "x@else.test").status ==
        ResolveStatus::unknown_user);
  CHECK(list_request_address("team@example.test") == "team-request@example.test");
}

TEST_CASE("delivery lists: commands in a line") {
  using C = ListCommand;
  CHECK(parse_list_command("subscribe") == ParsedListCommand{C::subscribe, ""});
  CHECK(parse_list_command("  UNSUBSCRIBE  \r") == ParsedListCommand{C::unsubscribe, ""});
  CHECK(parse_list_command("join") == ParsedListCommand{C::subscribe, ""});
  CHECK(parse_list_command("leave please") == ParsedListCommand{C::unsubscribe, ""});
  CHECK(parse_list_command("help") == ParsedListCommand{C::help, ""});
  CHECK(parse_list_command("Re: confirm ABCdef0123") == ParsedListCommand{C::confirm, "abcdef0123"});
  CHECK(parse_list_command("RE: Fwd: re:confirm\tabc") == ParsedListCommand{C::confirm, "abc"});
  // A confirmation without a usable token is still one (answered: unknown token).
  CHECK(parse_list_command("confirm") == ParsedListCommand{C::confirm, ""});
  CHECK(parse_list_command("confirm ab-cd") == ParsedListCommand{C::confirm, ""});
  CHECK(parse_list_command("confirm " + std::string(kMaxTokenLength + 1, 'a')) == ParsedListCommand{C::confirm, ""});
  CHECK(parse_list_command(std::string("confirm ab\0cd", 13)) == ParsedListCommand{C::confirm, ""});
  for (std::string_view none : {"", "   ", "subscribeme", "please subscribe me", "Re:", "\xff\xfe", "unsub"})
    CHECK_FALSE_MESSAGE(parse_list_command(none), none);
}

TEST_CASE("delivery lists: the command of a message, subject first") {
  using C = ListCommand;
  CHECK(find_list_command("Subject: unsubscribe\r\n\r\nsubscribe\r\n").command == C::unsubscribe);
  CHECK(find_list_command("Subject: hello\r\n\r\n\r\n  subscribe\r\nmore\r\n").command == C::subscribe);
  CHECK(find_list_command("Subject: hello\r\n\r\nwhat is this\r\nsubscribe\r\n").command == C::help);
  CHECK(find_list_command("").command == C::help);
  CHECK(find_list_command("Subject: Re: confirm 0a1b\r\n\r\n> quoted\r\n").token == "0a1b");
  CHECK(find_list_command("garbage without header\r\n").command == C::help);
}

TEST_CASE("delivery lists: automatic mail and the null sender are never answered") {
  Envelope e{"ann@example.test", {"team-request@example.test"}, "X"};
  CHECK(plan_list_request("team@example.test", e, "Subject: subscribe\r\n\r\n"));
  CHECK_FALSE(plan_list_request("team@example.test", e, "Subject: subscribe\r\nAuto-Submitted: auto-replied\r\n\r\n"));
  CHECK(plan_list_request("team@example.test", e, "Subject: subscribe\r\nAuto-Submitted: no\r\n\r\n"));
  CHECK_FALSE(plan_list_request("team@example.test", e, "Precedence: bulk\r\nSubject: subscribe\r\n\r\n"));
  CHECK_FALSE(plan_list_request("team@example.test", e, "Precedence: list\r\n\r\n"));
  Envelope null_sender{"", {"team-request@example.test"}, "X"};
  CHECK_FALSE(plan_list_request("team@example.test", null_sender, "Subject: subscribe\r\n\r\n"));
  Envelope daemon{"MAILER-DAEMON@else.test", {"team-request@example.test"}, "X"};
  CHECK_FALSE(plan_list_request("team@example.test", daemon, "Subject: subscribe\r\n\r\n"));
  auto r = plan_list_request("team@example.test", e, "Subject: Re: confirm ab12\r\nMessage-ID: <m1@x.test>\r\n\r\n");
  REQUIRE(r);
  CHECK(r->command.token == "ab12");
  CHECK(r->message_id == "<m1@x.test>");
  CHECK(r->requester == "ann@example.test");
}

TEST_CASE("delivery lists: tokens are used once and lapse") {
  ListDb t;
  auto list = store::lists::find(*t.db, "team@example.test");
  auto token = make_list_token();
  CHECK(token.size() == 32);
  CHECK(token != make_list_token());
  store::list_tokens::add(*t.db, {token, list->id, "", "cid@example.test", store::ListAction::subscribe, 1000}, 500);
  CHECK_FALSE(store::list_tokens::take(*t.db, "unknown", 500));
  auto taken = store::list_tokens::take(*t.db, token, 999);
  REQUIRE(taken);
  CHECK(taken->list == "team@example.test");
  CHECK(taken->address == "cid@example.test");
  CHECK(taken->action == store::ListAction::subscribe);
  CHECK_FALSE(store::list_tokens::take(*t.db, token, 999));  // used
  store::list_tokens::add(*t.db, {"late", list->id, "", "cid@example.test", store::ListAction::unsubscribe, 1000}, 500);
  CHECK_FALSE(store::list_tokens::take(*t.db, "late", 1000));  // expired
  // Adding purges what has lapsed.
  store::list_tokens::add(*t.db, {"old", list->id, "", "a@b.test", store::ListAction::subscribe, 10}, 5);
  store::list_tokens::add(*t.db, {"new", list->id, "", "a@b.test", store::ListAction::subscribe, 100}, 50);
  CHECK_FALSE(store::list_tokens::take(*t.db, "old", 0));
  // A list's tokens go with it.
  store::lists::remove(*t.db, "team@example.test");
  CHECK_FALSE(store::list_tokens::take(*t.db, "new", 50));
}

TEST_CASE("delivery lists: subscribe to an open list, confirmed by the token") {
  ListDb t;
  store::lists::set_open_subscription(*t.db, "team@example.test", true);
  auto d = t.deliver("cid@example.test", "team-request@example.test",
                     "Subject: subscribe\r\nMessage-ID: <req1@example.test>\r\n\r\n");
  CHECK(d.failed.empty());
  auto box = t.inbox("cid@example.test");
  REQUIRE(box.size() == 1);
  CHECK(has(box[0], "Return-Path: <team-bounces@example.test>\r\n"));
  CHECK(has(box[0], "Auto-Submitted: auto-replied\r\n"));
  CHECK(has(box[0], "In-Reply-To: <req1@example.test>\r\n"));
  CHECK(has(box[0], "From: <team-request@example.test>\r\n"));
  CHECK(t.members().size() == 2);  // nothing yet
  auto token = token_in(box[0]);

  t.deliver("cid@example.test", "team-request@example.test", "Subject: Re: confirm " + token + "\r\n\r\n");
  CHECK(t.members() == std::vector<std::string>{"ann@example.test", "bob@example.test", "cid@example.test"});
  box = t.inbox("cid@example.test");
  REQUIRE(box.size() == 2);
  CHECK(has(box[1], "Subject: Welcome to team@example.test\r\n"));

  // The same token again: refused with a note, nothing changes.
  t.deliver("cid@example.test", "team-request@example.test", "Subject: confirm " + token + "\r\n\r\n");
  box = t.inbox("cid@example.test");
  REQUIRE(box.size() == 3);
  CHECK(has(box[2], "unknown, was used already or has lapsed"));
  CHECK(t.members().size() == 3);
}

TEST_CASE("delivery lists: unsubscribe by mail waits for the confirmation") {
  ListDb t;
  t.deliver("bob@example.test", "team-request@example.test", "Subject: hi\r\n\r\nunsubscribe\r\n");
  auto box = t.inbox("bob@example.test");
  REQUIRE(box.size() == 1);
  CHECK(has(box[0], "asked to unsubscribe <bob@example.test> from the list"));
  CHECK(t.members().size() == 2);
  t.deliver("bob@example.test", "team-request@example.test", "Subject: confirm " + token_in(box[0]) + "\r\n\r\n");
  CHECK(t.members() == std::vector<std::string>{"ann@example.test"});
  box = t.inbox("bob@example.test");
  REQUIRE(box.size() == 2);
  CHECK(has(box[1], "Subject: You have left team@example.test\r\n"));
  // Not a member any more: a note, no token.
  t.deliver("bob@example.test", "team-request@example.test", "Subject: unsubscribe\r\n\r\n");
  CHECK(has(t.inbox("bob@example.test").at(2), "is not a member of the list"));
}

TEST_CASE("delivery lists: a closed list refuses subscription with a note, remote requesters are queued") {
  ListDb t;
  auto d = t.deliver("far@remote.test", "team-request@example.test", "Subject: subscribe\r\n\r\n");
  CHECK(d.failed.empty());
  auto queued = store::queue::list(*t.db);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].sender == "team-bounces@example.test");
  REQUIRE(queued[0].recipients.size() == 1);
  CHECK(queued[0].recipients[0].address == "far@remote.test");
  CHECK(has(store::contents::read(*t.db, queued[0].content_id), "does not take subscriptions by mail"));
  CHECK(t.members().size() == 2);
}

TEST_CASE("delivery lists: the notices") {
  ListNoticeInput in;
  in.kind = ListNotice::confirm_subscribe;
  in.list = "team@example.test";
  in.to = "cid@else.test";
  in.token = "0123abcd";
  in.expires_at = 259200;
  in.message_id = "<N1@example.test>";
  in.in_reply_to = "<bad id with spaces>";
  in.date = 0;
  auto text = make_list_notice(in);
  CHECK(text.rfind("Date: Thu, 1 Jan 1970 00:00:00 +0000\r\nFrom: <team-request@example.test>\r\n"
                   "To: <cid@else.test>\r\nSubject: confirm 0123abcd\r\nMessage-ID: <N1@example.test>\r\n"
                   "Auto-Submitted: auto-replied\r\nList-Id: <team.example.test>\r\n",
                   0) == 0);
  CHECK_FALSE(has(text, "In-Reply-To"));
  CHECK(has(text, "\r\n\r\nSomeone, perhaps you, asked to subscribe <cid@else.test> to the list"));
  CHECK(has(text, "    confirm 0123abcd\r\n"));
  CHECK(has(text, "Sun, 4 Jan 1970 00:00:00 +0000"));
  for (auto kind : {ListNotice::welcome, ListNotice::goodbye, ListNotice::closed, ListNotice::already_member,
                    ListNotice::not_member, ListNotice::bad_token, ListNotice::help}) {
    in.kind = kind;
    auto t = make_list_notice(in);
    CHECK(has(t, "Auto-Submitted: auto-replied\r\n"));
    CHECK(t.size() < 2000);
  }
}
