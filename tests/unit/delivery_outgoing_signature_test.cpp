#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <filesystem>
#include <random>
#include <set>

#include "carteiro/common/time.hpp"
#include "carteiro/delivery/outgoing_signature.hpp"
#include "carteiro/delivery/plan.hpp"
#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mailauth/dkim_keygen.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"
#include "carteiro/store/dkim_keys.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/store.hpp"
#include "mailauth_dkim_test_support.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

namespace {

constexpr std::int64_t kNow = 1796299200;

struct SignFixture {
  TestDb t;
  mailauth::dkim_test::FakeDns dns;
  SigningKeys keys_cache;
  SignFixture() {
    store::domains::add(*t.db, "ours.example");
    store::domains::add(*t.db, "lists.example");
    for (const char* domain : {"ours.example", "lists.example"}) {
      std::vector<store::NewDkimKey> pair{{store::DkimAlgorithm::rsa, mailauth::dkim::generate_private_key(mailauth::dkim::KeyType::rsa)},
                                          {store::DkimAlgorithm::ed25519, mailauth::dkim::generate_private_key(mailauth::dkim::KeyType::ed25519)}};
      for (const auto& key : store::dkim_keys::rotate(*t.db, domain, pair, kNow, 0))
        dns.txt_records[key.selector + "._domainkey." + domain] = std::get<std::string>(mailauth::dkim::key_record_for(key.private_pem));
    }
  }
};

}  // namespace

TEST_CASE("outgoing signature: From's domain first, then the envelope sender's, else none") {
  std::set<std::string> ours = {"ours.example", "lists.example"};
  auto have = [&](const std::string& d) { return ours.count(d) != 0; };
  CHECK(signing_domain("Ours.Example", "lists.example", have) == "ours.example");
  CHECK(signing_domain("gmail.example", "lists.example", have) == "lists.example");
  CHECK(signing_domain("", "ours.example", have) == "ours.example");
  CHECK_FALSE(signing_domain("gmail.example", "other.example", have));
  CHECK_FALSE(signing_domain("", "", have));
  // Parents: a report from MAILER-DAEMON@mail.ours.example, a subdomain's author.
  CHECK(signing_domain("mail.ours.example", "", have) == "ours.example");
  CHECK(signing_domain("a.b.lists.example", "x.ours.example", have) == "lists.example");
  CHECK_FALSE(signing_domain("example", "", [](const std::string&) { return true; }));
  CHECK(signing_domain("x.example", "", [](const std::string&) { return true; }) == "x.example");
}

TEST_CASE("outgoing signature: remote copies get an RSA and an Ed25519 signature that verify") {
  SignFixture f;
  std::string body = "From: Ann <ann@ours.example>\r\nTo: x@far.example\r\nSubject: out\r\n\r\nhello\r\n";
  Message message{"Received: from client by mx; Thu, 3 Dec 2026 12:00:00 +0000\r\n", body};
  DeliveryPlan plan;
  plan.remote.push_back(RemoteCopy{"", "ann@ours.example", {"x@far.example"}, nullptr, std::nullopt});
  // A list post from an outside author: signed by the list's domain (its bounce address).
  std::string post = "From: <joe@gmail.example>\r\nSubject: post\r\n\r\nhi list\r\n";
  auto own = std::make_shared<const OwnContent>(OwnContent{post, {}});
  plan.remote.push_back(RemoteCopy{"List-Id: <l.lists.example>\r\n", "l-bounces@lists.example", {"m@far.example"}, own, std::nullopt});
  // Neither author nor sender is ours: unsigned.
  plan.remote.push_back(RemoteCopy{"", "joe@gmail.example", {"m@far.example"}, own, std::nullopt});

  SigningKeys keys;
  CHECK(sign_remote_copies(*f.t.db, keys, plan, message, kNow, "test") == 2);
  std::string first = plan.remote[0].prefix + message.prefix + body;
  auto results = mailauth::dkim::verify_message(first, f.dns, kNow);
  REQUIRE(results.size() == 2);
  CHECK(results[0].algorithm == "rsa-sha256");
  CHECK(results[1].algorithm == "ed25519-sha256");
  for (const auto& r : results) {
    CHECK_MESSAGE(r.status == mailauth::dkim::Status::pass, r.reason);
    CHECK(r.domain == "ours.example");
  }
  auto second = mailauth::dkim::verify_message(plan.remote[1].prefix + post, f.dns, kNow);
  REQUIRE(second.size() == 2);
  for (const auto& r : second) {
    CHECK_MESSAGE(r.status == mailauth::dkim::Status::pass, r.reason);
    CHECK(r.domain == "lists.example");
  }
  CHECK(plan.remote[1].prefix.ends_with("List-Id: <l.lists.example>\r\n"));
  CHECK(plan.remote[2].prefix.empty());
}

TEST_CASE("outgoing signature: keys are cached for their maximum age, then read again") {
  SignFixture f;
  SigningKeys keys(60);
  auto before = keys.of(*f.t.db, "ours.example", kNow);
  REQUIRE(before.size() == 2);
  store::dkim_keys::rotate(*f.t.db, "ours.example",
                           {{store::DkimAlgorithm::ed25519, mailauth::dkim::generate_private_key(mailauth::dkim::KeyType::ed25519)}},
                           kNow + 10, 0);
  CHECK(keys.of(*f.t.db, "ours.example", kNow + 59)[0].selector == before[0].selector);
  auto after = keys.of(*f.t.db, "ours.example", kNow + 60);
  REQUIRE(after.size() == 1);
  CHECK(after[0].selector == "ed-20261203-2");
  CHECK(keys.of(*f.t.db, "nobody.example", kNow).empty());
}

TEST_CASE("outgoing signature: Deliverer signs what it queues, a report from the hostname by its domain") {
  SignFixture f;
  store::Store store(store::StoreOptions{f.t.dir / "carteiro.db", "normal", true, 1, 64});
  Deliverer deliverer(store, "mx.ours.example");
  asio::io_context io;
  auto deliver = [&](std::string sender, std::string data) {
    asio::co_spawn(io, deliverer.deliver(Envelope{std::move(sender), {"far@far.example"}, {}, {}}, std::move(data)),
                   [](std::exception_ptr e, Delivered) { REQUIRE_FALSE(e); });
    io.restart();
    io.run();
  };
  deliver("ann@ours.example", "From: ann@ours.example\r\nSubject: a\r\n\r\nbody\r\n");
  deliver("", "From: Mail Delivery System <MAILER-DAEMON@mx.ours.example>\r\nSubject: report\r\n\r\nbody\r\n");
  deliver("joe@gmail.example", "From: joe@gmail.example\r\nSubject: not ours\r\n\r\nbody\r\n");
  auto entries = store::queue::list(*f.t.db);
  REQUIRE(entries.size() == 3);
  for (std::size_t i = 0; i < 2; ++i) {
    auto results = mailauth::dkim::verify_message(store::contents::read(*f.t.db, entries[i].content_id), f.dns, unix_now());
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
      CHECK_MESSAGE(r.status == mailauth::dkim::Status::pass, r.reason);
      CHECK(r.domain == "ours.example");
    }
  }
  CHECK(store::contents::read(*f.t.db, entries[2].content_id).starts_with("From: joe@gmail.example"));
}

TEST_CASE("outgoing signature: a forwarded copy is ARC-sealed, and an unproven From of ours is not DKIM-signed") {
  SignFixture f;
  // From outside, to an alias of ours that forwards: the SRS sender is ours.
  std::string foreign = "From: <joe@gmail.example>\r\nTo: ann@ours.example\r\nSubject: fwd\r\n\r\nhello\r\n";
  // From outside but claiming our own domain, and DMARC did not prove it.
  std::string forged = "From: <boss@ours.example>\r\nTo: ann@ours.example\r\nSubject: pay\r\n\r\npay now\r\n";
  CheckedOrigin origin{"mx.ours.example", "spf=pass smtp.mailfrom=joe@gmail.example; dkim=none", {}, false};
  for (const std::string* body : {&foreign, &forged}) {
    CAPTURE(*body);
    Message message{"Received: from far by mx; Thu, 3 Dec 2026 12:00:00 +0000\r\n", *body};
    DeliveryPlan plan;
    plan.remote.push_back(RemoteCopy{"Delivered-To: ann@ours.example\r\n", "SRS0=x=y=gmail.example=joe@ours.example",
                                     {"ann@far.example"}, nullptr, std::nullopt});
    CHECK(sign_remote_copies(*f.t.db, f.keys_cache, plan, message, kNow, "test", &origin) == 1);
    std::string sent = plan.remote[0].prefix + message.prefix + *body;
    auto chain = mailauth::arc::verify_chain(sent, f.dns, kNow);
    CHECK_MESSAGE(chain.status == mailauth::arc::ChainStatus::pass, chain.reason);
    CHECK(chain.last_sealer == "ours.example");
    CHECK(chain.first_results.find("spf=pass") != std::string::npos);
    auto signatures = mailauth::dkim::verify_message(sent, f.dns, kNow);
    if (body == &foreign) {
      REQUIRE(signatures.size() == 2);
      for (const auto& r : signatures) CHECK_MESSAGE(r.status == mailauth::dkim::Status::pass, r.reason);
    } else {
      CHECK(signatures.empty());
    }
  }
  // Proven by DMARC: our own author's forwarded mail is signed as usual.
  origin.dmarc_pass = true;
  Message message{"", forged};
  DeliveryPlan plan;
  plan.remote.push_back(RemoteCopy{"", "boss@ours.example", {"ann@far.example"}, nullptr, std::nullopt});
  CHECK(sign_remote_copies(*f.t.db, f.keys_cache, plan, message, kNow, "test", &origin) == 1);
  CHECK(mailauth::dkim::verify_message(plan.remote[0].prefix + forged, f.dns, kNow).size() == 2);
}
