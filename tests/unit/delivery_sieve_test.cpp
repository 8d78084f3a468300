// Accounts' Sieve scripts at delivery, on a bare database: what each action leaves in the
// store (plan_delivery, then store_copies in one transaction), and the mail it causes.
#include <doctest/doctest.h>

#include <map>

#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/delivery/script_cache.hpp"
#include "carteiro/delivery/srs.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/sieve_scripts.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kMessage =
    "From: Alice <alice@remote.test>\r\nTo: bob@example.test\r\nSubject: lunch?\r\n"
    "Message-ID: <m1@remote.test>\r\n\r\nHello Bob.\r\n";

struct Stored {
  std::string data;
  store::MessageRow row;
};

struct Queued {
  std::string sender;
  std::vector<std::string> recipients;
  std::string data;
};

struct SieveFixture {
  TestDb t;
  store::Db& db = *t.db;
  ScriptCache scripts;
  Srs srs{"the test secret, thirty-two bytes long or more"};
  std::int64_t now = kNow;
  bool quarantine = false;  // Envelope::quarantine of what deliver() delivers

  SieveFixture() {
    store::domains::add(db, "example.test");
    for (auto* a : {"bob@example.test", "carol@example.test", "dave@example.test"}) store::accounts::add(db, a, "x");
  }
  std::int64_t id(const std::string& address) { return store::accounts::find(db, address)->id; }
  void script(const std::string& address, const std::string& text) {
    store::sieve_scripts::put(db, id(address), "rules", text);
    store::sieve_scripts::set_active(db, id(address), "rules");
  }
  // The read side; DATA must outlive the plan's use.
  DeliveryPlan plan(const std::string& sender, std::vector<std::string> rcpts, const std::string& data) {
    Envelope envelope{sender, std::move(rcpts), "TESTID", {}};
    envelope.quarantine = quarantine;
    PlanContext context{&scripts, &srs, {}, "mx.example.test", now};
    return plan_delivery(db, envelope, Message{{}, data}, context);
  }
  Delivered write(const DeliveryPlan& plan, const std::string& data) {
    store::Transaction tx(db);
    store::WriteTx write{db, {}};
    auto out = store_copies(write, plan, Message{{}, data}, content_meta(data));
    tx.commit();
    return out;
  }
  Delivered deliver(const std::string& sender, std::vector<std::string> rcpts, const std::string& data = kMessage) {
    auto planned = plan(sender, std::move(rcpts), data);
    if (planned.all_rejected()) {
      Delivered out;
      out.rejected = planned.rejected.front().reason;
      return out;
    }
    return write(planned, data);
  }
  std::vector<Stored> mailbox(const std::string& address, const std::string& name = "INBOX") {
    std::vector<Stored> out;
    auto box = store::mailboxes::find(db, id(address), name);
    if (!box) return out;
    for (auto& m : store::messages::list(db, box->id)) out.push_back({store::contents::read(db, m.content_id), m});
    return out;
  }
  std::vector<Queued> queue() {
    std::vector<Queued> out;
    for (auto& e : store::queue::list(db)) {
      Queued q{e.sender, {}, store::contents::read(db, e.content_id)};
      for (auto& r : e.recipients) q.recipients.push_back(r.address);
      out.push_back(q);
    }
    return out;
  }
};

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("delivery sieve: no script, or keep, shares one content among the INBOXes") {
  SieveFixture f;
  f.script("carol@example.test", "keep;");
  auto d = f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test"});
  CHECK(d.local == 2);
  CHECK(store::contents::count(f.db) == 1);
  REQUIRE(f.mailbox("carol@example.test").size() == 1);
  CHECK(f.mailbox("carol@example.test")[0].data == "Return-Path: <alice@remote.test>\r\n" + kMessage);
}

TEST_CASE("delivery sieve: fileinto with flags, :create, and the fall-back to INBOX") {
  SieveFixture f;
  f.script("bob@example.test",
           "require [\"fileinto\", \"imap4flags\", \"mailbox\"];\n"
           "fileinto :flags [\"\\\\Seen\", \"$Lunch\"] \"Junk\";\n"
           "fileinto :create \"Lists/Food\";\n"
           "fileinto \"Nowhere\";\n");
  auto d = f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(d.local == 3);
  auto junk = f.mailbox("bob@example.test", "Junk");
  REQUIRE(junk.size() == 1);
  CHECK(junk[0].row.flags == store::kSeen);
  CHECK(junk[0].row.keywords == "$Lunch");
  CHECK(f.mailbox("bob@example.test", "Lists/Food").size() == 1);
  CHECK(store::mailboxes::find(f.db, f.id("bob@example.test"), "Lists"));  // the parent too
  CHECK(f.mailbox("bob@example.test").size() == 1);  // "Nowhere" does not exist: INBOX
  CHECK_FALSE(store::mailboxes::find(f.db, f.id("bob@example.test"), "Nowhere"));
  CHECK(store::contents::count(f.db) == 1);  // one content in three mailboxes
  // A second message finds the mailbox made by the first.
  f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(f.mailbox("bob@example.test", "Lists/Food").size() == 2);
}

TEST_CASE("delivery sieve: a quarantined message's keep goes to Junk, a script's fileinto wins") {
  SieveFixture f;
  f.quarantine = true;
  f.script("carol@example.test", "keep;");
  f.script("dave@example.test", "require \"fileinto\";\nfileinto \"Trash\";\n");
  auto d = f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test", "dave@example.test"});
  CHECK(d.local == 3);
  CHECK(f.mailbox("bob@example.test").empty());  // no script: the implicit keep
  CHECK(f.mailbox("bob@example.test", "Junk").size() == 1);
  CHECK(f.mailbox("carol@example.test").empty());  // the script's explicit keep
  CHECK(f.mailbox("carol@example.test", "Junk").size() == 1);
  CHECK(f.mailbox("dave@example.test", "Junk").empty());
  CHECK(f.mailbox("dave@example.test", "Trash").size() == 1);
  CHECK(store::contents::count(f.db) == 1);
}

TEST_CASE("delivery sieve: quarantine without a Junk mailbox falls back to INBOX, redirects are unaffected") {
  SieveFixture f;
  f.quarantine = true;
  auto junk = store::mailboxes::find(f.db, f.id("bob@example.test"), "Junk");
  REQUIRE(junk);
  f.db.exec("DELETE FROM mailboxes WHERE id = " + std::to_string(junk->id));
  f.script("carol@example.test", "redirect \"dave@example.test\";");
  f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test"});
  CHECK(f.mailbox("bob@example.test").size() == 1);
  CHECK(f.mailbox("dave@example.test").size() == 1);  // a redirected copy is the server's own
  CHECK(f.mailbox("dave@example.test", "Junk").empty());
}

TEST_CASE("delivery sieve: fileinto a UTF-8 name goes to its modified UTF-7 mailbox") {
  SieveFixture f;
  f.script("bob@example.test", "require [\"fileinto\", \"mailbox\"]; fileinto :create \"Férias & Co\";");
  f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(f.mailbox("bob@example.test", "F&AOk-rias &- Co").size() == 1);
}

TEST_CASE("delivery sieve: discard stores nothing for the account") {
  SieveFixture f;
  f.script("bob@example.test", "discard;");
  auto d = f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test"});
  CHECK(d.local == 1);
  CHECK(f.mailbox("bob@example.test").empty());
  CHECK(f.mailbox("carol@example.test").size() == 1);
}

TEST_CASE("delivery sieve: reject by every recipient refuses the message, by some, a notice to the sender") {
  SieveFixture f;
  f.script("bob@example.test", "require \"reject\"; reject \"I do not want it\";");
  f.script("carol@example.test", "require \"ereject\"; ereject \"nor I\";");
  auto d = f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test"});
  REQUIRE(d.rejected);
  CHECK(*d.rejected == "I do not want it");
  CHECK(store::contents::count(f.db) == 0);
  CHECK(f.queue().empty());

  d = f.deliver("alice@remote.test", {"bob@example.test", "dave@example.test"});
  CHECK_FALSE(d.rejected);
  CHECK(f.mailbox("dave@example.test").size() == 1);
  CHECK(f.mailbox("bob@example.test").empty());
  auto queued = f.queue();
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].sender.empty());  // a report: the null sender
  CHECK(queued[0].recipients == std::vector<std::string>{"alice@remote.test"});
  CHECK(contains(queued[0].data, "Status: 5.7.1\r\n"));
  CHECK(contains(queued[0].data, "I do not want it"));
  CHECK(contains(queued[0].data, "Subject: lunch?\r\n"));  // the returned header

  // A bounce is never answered: no notice for the null sender.
  f.deliver("", {"bob@example.test", "dave@example.test"});
  CHECK(f.queue().size() == 1);
}

TEST_CASE("delivery sieve: redirect out with SRS and Delivered-To, :copy keeps a copy") {
  SieveFixture f;
  f.script("bob@example.test", "require \"copy\"; redirect :copy \"bob@elsewhere.test\";");
  auto d = f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(d.local == 1);
  CHECK(d.remote == 1);
  auto queued = f.queue();
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].recipients == std::vector<std::string>{"bob@elsewhere.test"});
  CHECK(queued[0].sender.starts_with("SRS0="));
  CHECK(queued[0].sender.ends_with("=remote.test=alice@example.test"));
  CHECK(queued[0].data == "Delivered-To: bob@example.test\r\n" + kMessage);
  // Its bounce comes back to the SRS address and goes on to alice.
  auto r = resolve(f.db, *parse_address(queued[0].sender), "", &f.srs, kNow);
  REQUIRE(r.ok());
  REQUIRE(r.direct.size() == 1);
  CHECK(r.direct[0].address == "alice@remote.test");
  auto forged = *parse_address(queued[0].sender);
  forged.local.replace(forged.local.find("alice"), 5, "mallory");
  CHECK(resolve(f.db, forged, "", &f.srs, kNow).status == ResolveStatus::bad_srs);
  CHECK(resolve(f.db, *parse_address(queued[0].sender), "", &f.srs, kNow + 30 * 86400).status == ResolveStatus::bad_srs);
  CHECK(resolve(f.db, *parse_address(queued[0].sender), "", nullptr, kNow).status == ResolveStatus::unknown_user);

  // The null sender stays null; without :copy nothing is kept.
  f.script("bob@example.test", "redirect \"bob@elsewhere.test\";");
  f.deliver("", {"bob@example.test"});
  queued = f.queue();
  REQUIRE(queued.size() == 2);
  CHECK(queued[1].sender.empty());
  CHECK(f.mailbox("bob@example.test").size() == 1);
}

TEST_CASE("delivery sieve: two accounts redirecting to each other stop after one round") {
  SieveFixture f;
  f.script("bob@example.test", "redirect \"carol@example.test\";");
  f.script("carol@example.test", "redirect \"bob@example.test\";");
  auto d = f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(d.local == 1);
  CHECK(f.mailbox("carol@example.test").empty());
  auto bob = f.mailbox("bob@example.test");
  REQUIRE(bob.size() == 1);
  CHECK(contains(bob[0].data, "Delivered-To: carol@example.test\r\nDelivered-To: bob@example.test\r\n"));
  CHECK(f.queue().empty());
  // A message that already went through bob (it carries his Delivered-To) is kept.
  f.script("carol@example.test", "keep;");
  f.deliver("alice@remote.test", {"bob@example.test"}, "Delivered-To: bob@example.test\r\n" + kMessage);
  CHECK(f.mailbox("bob@example.test").size() == 2);
  CHECK(f.mailbox("carol@example.test").empty());
}

TEST_CASE("delivery sieve: vacation replies once per period, never to a list or a bounce") {
  SieveFixture f;
  f.script("bob@example.test", "require \"vacation\"; vacation :days 7 :subject \"Away\" \"Back on Monday.\";");
  auto d = f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(d.local == 1);  // the implicit keep
  auto queued = f.queue();
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].sender.empty());
  CHECK(queued[0].recipients == std::vector<std::string>{"alice@remote.test"});
  CHECK(queued[0].data.starts_with("From: <bob@example.test>\r\nTo: <alice@remote.test>\r\nSubject: Away\r\n"));
  CHECK(contains(queued[0].data, "Auto-Submitted: auto-replied\r\n"));
  CHECK(contains(queued[0].data, "In-Reply-To: <m1@remote.test>\r\n"));
  CHECK(contains(queued[0].data, "Back on Monday."));

  f.deliver("alice@remote.test", {"bob@example.test"});  // within the 7 days: no second reply
  CHECK(f.queue().size() == 1);
  f.now += 8 * 86400;
  f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(f.queue().size() == 2);
  f.deliver("", {"bob@example.test"});
  f.deliver("list@remote.test", {"bob@example.test"}, "List-Id: <list.remote.test>\r\n" + kMessage);
  f.deliver("carl@remote.test", {"bob@example.test"}, "To: someone@example.test\r\n\r\nhi\r\n");
  CHECK(f.queue().size() == 2);
  CHECK(f.mailbox("bob@example.test").size() == 6);
}

TEST_CASE("delivery sieve: two messages planned at once get one vacation reply") {
  SieveFixture f;
  f.script("bob@example.test", "require \"vacation\"; vacation \"Away.\";");
  auto first = f.plan("alice@remote.test", {"bob@example.test"}, kMessage);
  auto second = f.plan("alice@remote.test", {"bob@example.test"}, kMessage);
  CHECK(f.write(first, kMessage).remote == 1);
  auto d = f.write(second, kMessage);
  CHECK(d.local == 1);
  CHECK(d.remote == 0);
  CHECK(f.queue().size() == 1);
}

TEST_CASE("delivery sieve: a vacation reply to a local sender is stored in the same write") {
  SieveFixture f;
  f.script("bob@example.test", "require \"vacation\"; vacation \"Away.\";");
  f.deliver("carol@example.test", {"bob@example.test"}, "To: bob@example.test\r\nSubject: hi\r\n\r\nhi\r\n");
  CHECK(f.queue().empty());
  auto carol = f.mailbox("carol@example.test");
  REQUIRE(carol.size() == 1);
  CHECK(carol[0].data.starts_with("Return-Path: <>\r\nFrom: <bob@example.test>\r\n"));
  CHECK(contains(carol[0].data, "Subject: Auto: hi\r\n"));
}

TEST_CASE("delivery sieve: an edited header is stored as a content of its own") {
  SieveFixture f;
  f.script("bob@example.test", "require \"editheader\"; addheader \"X-Filtered\" \"yes\";");
  f.deliver("alice@remote.test", {"bob@example.test", "carol@example.test"});
  CHECK(store::contents::count(f.db) == 2);
  auto bob = f.mailbox("bob@example.test");
  REQUIRE(bob.size() == 1);
  CHECK(contains(bob[0].data, "X-Filtered: yes\r\n"));
  CHECK(bob[0].data.ends_with("\r\n\r\nHello Bob.\r\n"));
  CHECK_FALSE(contains(f.mailbox("carol@example.test")[0].data, "X-Filtered"));
}

TEST_CASE("delivery sieve: duplicate remembers ids between deliveries") {
  SieveFixture f;
  f.script("bob@example.test", "require \"duplicate\"; if duplicate { discard; }");
  f.deliver("alice@remote.test", {"bob@example.test"});
  f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(f.mailbox("bob@example.test").size() == 1);
}

TEST_CASE("delivery sieve: a stored script that does not compile keeps the mail") {
  SieveFixture f;
  f.script("bob@example.test", "this is { not sieve");
  auto d = f.deliver("alice@remote.test", {"bob@example.test"});
  CHECK(d.local == 1);
  CHECK(f.mailbox("bob@example.test").size() == 1);
}
