#include <doctest/doctest.h>

#include "carteiro/queue/transaction.hpp"

using namespace carteiro::queue;
using carteiro::smtpwire::Reply;
using Message = TransactionReplies::Message;

namespace {

const std::string kPeer = "mx.remote.test[192.0.2.1]";

Reply reply(int code, std::string enhanced, std::string text) {
  Reply r;
  r.code = code;
  r.enhanced = std::move(enhanced);
  r.lines.push_back(std::move(text));
  return r;
}

const Reply kOk = reply(250, "2.1.0", "ok");
const Reply kGoAhead = reply(354, "", "go ahead");
const Reply kQueued = reply(250, "2.0.0", "queued");
const Reply kNoUser = reply(550, "5.1.1", "no such user");
const Reply kBusy = reply(450, "4.2.1", "mailbox busy");

// A transaction with N recipients that went all the way: every RCPT accepted, the
// message sent, QUEUED after it.
TransactionReplies accepted_transaction(std::size_t n, bool pipelined = false) {
  TransactionReplies r;
  r.peer = kPeer;
  r.pipelined = pipelined;
  r.mail = kOk;
  r.rcpt.assign(n, kOk);
  r.data = kGoAhead;
  r.message = Message::sent;
  r.end_of_data = kQueued;
  return r;
}

std::string lost_text(const std::string& stage) {
  return "lost connection with " + kPeer + " while waiting for the reply to " + stage +
         ": connection closed by the server";
}

void check_lost(const Verdict& v, const std::string& stage) {
  CHECK(v.kind == Verdict::Kind::temporary);
  CHECK(v.status == "4.4.2");
  CHECK(v.text == lost_text(stage));
  CHECK_FALSE(v.from_remote);
  CHECK(v.remote == kPeer);
}

void check_said(const Verdict& v, Verdict::Kind kind, const std::string& status, const std::string& text,
                const std::string& stage) {
  CHECK(v.kind == kind);
  CHECK(v.status == status);
  CHECK(v.text == text);
  CHECK(v.from_remote);
  CHECK(v.remote == kPeer);
  CHECK(v.stage == stage);
}

}  // namespace

TEST_CASE("queue transaction verdicts: every recipient accepted, the final reply decides") {
  for (bool pipelined : {false, true}) {
    auto verdicts = transaction_verdicts(accepted_transaction(2, pipelined));
    REQUIRE(verdicts.size() == 2);
    for (const auto& v : verdicts) check_said(v, Verdict::Kind::delivered, "2.0.0", "250 2.0.0 queued", "end of data");
    CHECK(verdicts[0].describe() == "host " + kPeer + " said: 250 2.0.0 queued (in reply to end of data)");
  }
}

TEST_CASE("queue transaction verdicts: final reply temporary or permanent") {
  auto r = accepted_transaction(1);
  r.end_of_data = reply(451, "4.3.0", "try again later");
  check_said(transaction_verdicts(r).at(0), Verdict::Kind::temporary, "4.3.0", "451 4.3.0 try again later",
             "end of data");
  r.end_of_data = reply(554, "", "rejected as spam");
  check_said(transaction_verdicts(r).at(0), Verdict::Kind::permanent, "5.0.0", "554 rejected as spam", "end of data");
}

TEST_CASE("queue transaction verdicts: some recipients refused, temporarily and permanently") {
  auto r = accepted_transaction(3, true);
  r.rcpt[0] = kNoUser;
  r.rcpt[2] = kBusy;
  auto verdicts = transaction_verdicts(r);
  REQUIRE(verdicts.size() == 3);
  check_said(verdicts[0], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
  check_said(verdicts[1], Verdict::Kind::delivered, "2.0.0", "250 2.0.0 queued", "end of data");
  check_said(verdicts[2], Verdict::Kind::temporary, "4.2.1", "450 4.2.1 mailbox busy", "RCPT TO");
}

TEST_CASE("queue transaction verdicts: every recipient refused") {
  SUBCASE("one at a time: no DATA was sent") {
    TransactionReplies r;
    r.peer = kPeer;
    r.mail = kOk;
    r.rcpt = {kNoUser, kBusy};
    auto verdicts = transaction_verdicts(r);
    REQUIRE(verdicts.size() == 2);
    check_said(verdicts[0], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
    check_said(verdicts[1], Verdict::Kind::temporary, "4.2.1", "450 4.2.1 mailbox busy", "RCPT TO");
  }
  SUBCASE("pipelined: DATA refused, or a 354 for an empty message") {
    TransactionReplies r;
    r.peer = kPeer;
    r.pipelined = true;
    r.mail = kOk;
    r.rcpt = {kNoUser};
    r.data = reply(554, "5.5.1", "no valid recipients");
    check_said(transaction_verdicts(r).at(0), Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
    r.data = kGoAhead;
    check_said(transaction_verdicts(r).at(0), Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
  }
}

TEST_CASE("queue transaction verdicts: MAIL refused speaks for every recipient") {
  for (bool pipelined : {false, true}) {
    TransactionReplies r;
    r.peer = kPeer;
    r.pipelined = pipelined;
    r.mail = reply(553, "5.7.1", "sender refused");
    r.rcpt.assign(2, std::nullopt);
    if (pipelined) {
      r.rcpt.assign(2, reply(503, "5.5.1", "MAIL first"));
      r.data = reply(503, "5.5.1", "no valid recipients");
    }
    auto verdicts = transaction_verdicts(r);
    REQUIRE(verdicts.size() == 2);
    for (const auto& v : verdicts)
      check_said(v, Verdict::Kind::permanent, "5.7.1", "553 5.7.1 sender refused", "MAIL FROM");
  }
  SUBCASE("even when the connection broke after it") {
    TransactionReplies r;
    r.peer = kPeer;
    r.pipelined = true;
    r.mail = reply(451, "4.3.0", "sender check failed");
    r.rcpt.assign(2, std::nullopt);
    r.lost = "connection closed by the server";
    for (const auto& v : transaction_verdicts(r))
      check_said(v, Verdict::Kind::temporary, "4.3.0", "451 4.3.0 sender check failed", "MAIL FROM");
  }
}

TEST_CASE("queue transaction verdicts: DATA refused, the accepted recipients get its reply") {
  auto r = accepted_transaction(2);
  r.rcpt[1] = kNoUser;
  r.data = reply(451, "4.3.2", "system not accepting messages");
  r.message = Message::not_sent;
  r.end_of_data.reset();
  auto verdicts = transaction_verdicts(r);
  check_said(verdicts[0], Verdict::Kind::temporary, "4.3.2", "451 4.3.2 system not accepting messages", "DATA");
  check_said(verdicts[1], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
  SUBCASE("an intermediate reply other than 354 counts as temporary, 4.5.0") {
    r.data = reply(334, "", "what?");
    check_said(transaction_verdicts(r).at(0), Verdict::Kind::temporary, "4.5.0", "334 what?", "DATA");
  }
}

TEST_CASE("queue transaction verdicts: connection lost at each step") {
  const std::string why = "connection closed by the server";
  SUBCASE("before the reply to MAIL") {
    for (bool pipelined : {false, true}) {
      TransactionReplies r;
      r.peer = kPeer;
      r.pipelined = pipelined;
      r.rcpt.assign(2, std::nullopt);
      r.lost = why;
      auto verdicts = transaction_verdicts(r);
      REQUIRE(verdicts.size() == 2);
      for (const auto& v : verdicts) check_lost(v, "MAIL FROM");
    }
  }
  SUBCASE("among the RCPTs, one at a time: the accepted ones wait for RCPT TO") {
    TransactionReplies r;
    r.peer = kPeer;
    r.mail = kOk;
    r.rcpt = {kOk, kNoUser, std::nullopt, std::nullopt};
    r.lost = why;
    auto verdicts = transaction_verdicts(r);
    check_lost(verdicts[0], "RCPT TO");
    check_said(verdicts[1], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
    check_lost(verdicts[2], "RCPT TO");
    check_lost(verdicts[3], "RCPT TO");
  }
  SUBCASE("among the RCPT replies of a pipelined group: the accepted ones wait for DATA") {
    TransactionReplies r;
    r.peer = kPeer;
    r.pipelined = true;
    r.mail = kOk;
    r.rcpt = {kOk, kNoUser, std::nullopt};
    r.lost = why;
    auto verdicts = transaction_verdicts(r);
    check_lost(verdicts[0], "DATA");
    check_said(verdicts[1], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
    check_lost(verdicts[2], "RCPT TO");
  }
  SUBCASE("before the reply to DATA") {
    for (bool pipelined : {false, true}) {
      auto r = accepted_transaction(2, pipelined);
      r.rcpt[1] = kBusy;
      r.data.reset();
      r.message = Message::not_sent;
      r.end_of_data.reset();
      r.lost = why;
      auto verdicts = transaction_verdicts(r);
      check_lost(verdicts[0], "DATA");
      check_said(verdicts[1], Verdict::Kind::temporary, "4.2.1", "450 4.2.1 mailbox busy", "RCPT TO");
    }
  }
  SUBCASE("while the message was sent") {
    auto r = accepted_transaction(1);
    r.message = Message::interrupted;
    r.end_of_data.reset();
    r.lost = why;
    check_lost(transaction_verdicts(r).at(0), "the message data");
  }
  SUBCASE("before the reply to the final dot") {
    auto r = accepted_transaction(1);
    r.end_of_data.reset();
    r.lost = why;
    check_lost(transaction_verdicts(r).at(0), "end of data");
  }
}

TEST_CASE("queue transaction verdicts: a message the queue could not read is tried again") {
  auto r = accepted_transaction(2);
  r.rcpt[0] = kNoUser;
  r.message = Message::unreadable;
  r.end_of_data.reset();
  auto verdicts = transaction_verdicts(r);
  check_said(verdicts[0], Verdict::Kind::permanent, "5.1.1", "550 5.1.1 no such user", "RCPT TO");
  CHECK(verdicts[1].kind == Verdict::Kind::temporary);
  CHECK(verdicts[1].status == "4.3.0");
  CHECK(verdicts[1].text == "the queued message could not be read");
  CHECK_FALSE(verdicts[1].from_remote);
  CHECK(verdicts[1].remote == kPeer);
}

TEST_CASE("queue transaction verdicts: a 250 to DATA instead of 354 is not a delivery") {
  auto r = accepted_transaction(2);
  r.data = reply(250, "2.0.0", "ok");
  r.message = Message::not_sent;
  r.end_of_data.reset();
  for (const auto& v : transaction_verdicts(r)) check_said(v, Verdict::Kind::temporary, "4.5.0", "250 2.0.0 ok", "DATA");
  r.data = reply(554, "5.5.1", "no valid recipients");
  for (const auto& v : transaction_verdicts(r)) check_said(v, Verdict::Kind::permanent, "5.5.1", "554 5.5.1 no valid recipients", "DATA");
}
