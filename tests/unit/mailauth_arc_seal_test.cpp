#include <doctest/doctest.h>

#include "carteiro/mailauth/arc.hpp"
#include "carteiro/mime/header.hpp"
#include "mailauth_arc_test_support.hpp"

using namespace carteiro;
using namespace carteiro::mailauth;
using namespace carteiro::mailauth::arc_test;

namespace {

std::vector<std::string> field_names(const std::string& message) {
  std::vector<std::string> names;
  for (const auto& field : mime::split_fields(mime::header_block(message))) names.emplace_back(field.name);
  return names;
}

std::string refused(const std::string& message, const arc::ChainResult& chain, const dkim::SigningKey& key) {
  auto set = arc::seal(message, chain, "mx.example.org", "spf=pass", key, kNow);
  REQUIRE(std::holds_alternative<dkim::ParseError>(set));
  return std::get<dkim::ParseError>(set).reason;
}

}  // namespace

TEST_CASE("arc seal: one hop writes ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results and verifies") {
  auto& hops = shared_hops();
  std::string message = hops.through(1);
  auto names = field_names(message);
  REQUIRE(names.size() >= 3);
  CHECK(names[0] == "ARC-Seal");
  CHECK(names[1] == "ARC-Message-Signature");
  CHECK(names[2] == "ARC-Authentication-Results");
  CHECK(message.starts_with("ARC-Seal: i=1; a=ed25519-sha256; cv=none;\r\n\td=lists.example.org; s=ed; t=1700000000;\r\n\tb="));
  CHECK(message.find("ARC-Authentication-Results: i=1; mx.lists.example.org; spf=pass") != std::string::npos);
  // Folded: no line longer than 78 characters before the original message.
  std::string_view added = std::string_view(message).substr(0, message.size() - kMessage.size());
  for (std::size_t pos = 0; pos < added.size();) {
    auto end = added.find("\r\n", pos);
    REQUIRE(end != std::string_view::npos);
    CHECK(end - pos <= 78);
    pos = end + 2;
  }

  auto chain = arc::verify_chain(message, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::pass);
  CHECK(chain.reason == "");
  CHECK(chain.instances == 1);
  CHECK(chain.last_sealer == "lists.example.org");
  CHECK(chain.first_results == "mx.lists.example.org; spf=pass smtp.mailfrom=football.example.com");
}

TEST_CASE("arc seal: two and three hops with different domains and key types verify") {
  auto& hops = shared_hops();
  std::string two = hops.through(2);
  auto chain = arc::verify_chain(two, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::pass);
  CHECK(chain.reason == "");
  CHECK(chain.instances == 2);
  CHECK(chain.last_sealer == "forwarder.example.net");
  CHECK(two.starts_with("ARC-Seal: i=2; a=rsa-sha256; cv=pass;"));

  std::string three = hops.pass_through(two, 2);
  chain = arc::verify_chain(three, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::pass);
  CHECK(chain.reason == "");
  CHECK(chain.instances == 3);
  CHECK(chain.last_sealer == "relay.example.com");
  CHECK(chain.first_results == "mx.lists.example.org; spf=pass smtp.mailfrom=football.example.com");
  // Bare line feeds: the same chain.
  std::string lf;
  for (char c : three)
    if (c != '\r') lf.push_back(c);
  CHECK(arc::verify_chain(lf, hops.dns, kNow).status == arc::ChainStatus::pass);
}

TEST_CASE("arc seal: the message signature covers the DKIM signatures present and oversigns From") {
  auto& hops = shared_hops();
  auto dkim_field = dkim::sign_message(kMessage, hops.hops[0].key, kNow);
  REQUIRE(std::holds_alternative<std::string>(dkim_field));
  std::string message = hops.through(1, std::get<std::string>(dkim_field) + kMessage);
  auto ams = mime::first_header(message, "ARC-Message-Signature");
  REQUIRE(ams);
  std::string h = ams->substr(ams->find("h=") + 2);
  h = h.substr(0, h.find(';'));
  std::erase_if(h, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
  CHECK(h.starts_with("from:from:"));
  CHECK(h.ends_with(":dkim-signature"));
  CHECK(arc::verify_chain(message, hops.dns, kNow).status == arc::ChainStatus::pass);
  // A From added on top breaks the newest message signature.
  auto chain = arc::verify_chain("From: Boss <boss@example.net>\r\n" + message, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::fail);
  CHECK(chain.reason == "ARC-Message-Signature i=1: signature does not verify");
}

TEST_CASE("arc seal: results are folded at their blanks") {
  auto& hops = shared_hops();
  std::string results = "spf=pass smtp.mailfrom=football.example.com; dkim=pass header.d=football.example.com "
                        "header.s=brisbane header.b=abcdefgh; dmarc=pass header.from=football.example.com";
  auto set = arc::seal(kMessage, {}, "mx.example.org", results, hops.hops[0].key, kNow);
  REQUIRE(std::holds_alternative<std::string>(set));
  std::string message = std::get<std::string>(set) + kMessage;
  auto chain = arc::verify_chain(message, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::pass);
  CHECK(chain.first_results == "mx.example.org; " + results);
  auto aar = message.substr(message.find("ARC-Authentication-Results:"));
  CHECK(aar.substr(0, aar.find("\r\n")).size() <= 78);

  // Folding of the caller's is redone; a line break can never start a field of its own.
  set = arc::seal(kMessage, {}, "mx.example.org", "spf=pass;\r\n\tdkim=none\nX-Injected: yes\r", hops.hops[0].key, kNow);
  REQUIRE(std::holds_alternative<std::string>(set));
  CHECK(std::get<std::string>(set).find("\nX-Injected") == std::string::npos);
  chain = arc::verify_chain(std::get<std::string>(set) + kMessage, hops.dns, kNow);
  CHECK(chain.first_results == "mx.example.org; spf=pass; dkim=none X-Injected: yes");
  // No result at all is "none" (RFC 8601 section 2.2).
  set = arc::seal(kMessage, {}, "mx.example.org", " ", hops.hops[0].key, kNow);
  REQUIRE(std::holds_alternative<std::string>(set));
  CHECK(std::get<std::string>(set).find("ARC-Authentication-Results: i=1; mx.example.org; none\r\n") != std::string::npos);
}

TEST_CASE("arc seal: a failed chain is sealed cv=fail once, then never again") {
  auto& hops = shared_hops();
  std::string broken = replaced(hops.through(2), "We lost", "We won");
  auto chain = arc::verify_chain(broken, hops.dns, kNow);
  REQUIRE(chain.status == arc::ChainStatus::fail);
  auto set = arc::seal(broken, chain, "mx.relay.example.com", "arc=fail", hops.hops[2].key, kNow);
  REQUIRE(std::holds_alternative<std::string>(set));
  std::string sealed = std::get<std::string>(set) + broken;
  CHECK(sealed.starts_with("ARC-Seal: i=3; a=rsa-sha256; cv=fail;"));
  chain = arc::verify_chain(sealed, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::fail);
  CHECK(chain.reason == "ARC-Seal i=3 says cv=fail");
  CHECK(refused(sealed, chain, hops.hops[0].key) == "the chain was already marked failed (cv=fail)");
}

TEST_CASE("arc seal: refusals") {
  auto& hops = shared_hops();
  arc::ChainResult passed;
  passed.status = arc::ChainStatus::pass;
  CHECK(refused(kMessage, passed, hops.hops[0].key) == "the chain result does not match the message: it has no ARC set");
  CHECK(refused(hops.through(1), {}, hops.hops[0].key) == "the chain result does not match the message: it has ARC sets");
  CHECK(refused("To: x@example.org\r\n\r\nbody\r\n", {}, hops.hops[0].key) == "the message has no From field");
  CHECK(refused(kMessage, {}, {"example.org", "s", "not a key"}) == "unreadable private key");
  CHECK(refused(kMessage, {}, {"example.org", "s", dkim_test::rsa_key(512).first}) ==
        "the key is neither Ed25519 nor RSA of at least 1024 bits");
}

TEST_CASE("arc seal: fifty sets verify, a fifty-first is refused") {
  auto& hops = shared_hops();
  std::string message = kMessage;
  for (int n = 0; n < arc::kMaxInstances; ++n) message = hops.pass_through(message, 0);
  auto chain = arc::verify_chain(message, hops.dns, kNow);
  CHECK(chain.status == arc::ChainStatus::pass);
  CHECK(chain.instances == 50);
  CHECK(refused(message, chain, hops.hops[0].key) == "the message already carries 50 ARC sets");
}
