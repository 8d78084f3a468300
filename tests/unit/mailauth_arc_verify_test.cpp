#include <doctest/doctest.h>

#include "carteiro/mailauth/arc.hpp"
#include "mailauth_arc_test_support.hpp"

using namespace carteiro;
using namespace carteiro::mailauth;
using namespace carteiro::mailauth::arc_test;

namespace {

// The three-hop chain, sealed once for all the tests.
const std::string& three_hops() {
  static const std::string message = shared_hops().through(3);
  return message;
}

// Why verification fails ("" when it does not).
std::string failure(const std::string& message) {
  auto chain = arc::verify_chain(message, shared_hops().dns, kNow);
  if (chain.status != arc::ChainStatus::fail) return "";
  CHECK(!chain.reason.empty());
  return chain.reason;
}

// MESSAGE without the field that starts with START (and its folded lines).
std::string without_field(const std::string& message, const std::string& start) {
  auto at = message.find(start);
  REQUIRE(at != std::string::npos);
  auto end = at;
  do end = message.find("\r\n", end) + 2;
  while (message[end] == ' ' || message[end] == '\t');
  return message.substr(0, at) + message.substr(end);
}

// The whole field that starts with START.
std::string field_of(const std::string& message, const std::string& start) {
  std::string rest = without_field(message, start);
  auto at = message.find(start);
  return message.substr(at, message.size() - rest.size());
}

}  // namespace

TEST_CASE("arc verify: a message without ARC fields has no chain") {
  auto chain = arc::verify_chain(kMessage, shared_hops().dns, kNow);
  CHECK(chain.status == arc::ChainStatus::none);
  CHECK(chain.instances == 0);
  CHECK(chain.reason == "");
  CHECK(arc::chain_status_name(chain.status) == "none");
  CHECK(arc::verify_chain("", shared_hops().dns, kNow).status == arc::ChainStatus::none);
}

TEST_CASE("arc verify: tampering with the content fails with the field that broke") {
  const std::string& message = three_hops();
  REQUIRE(failure(message) == "");
  CHECK(failure(replaced(message, "We lost", "We won")) == "ARC-Message-Signature i=3: body hash mismatch");
  CHECK(failure(replaced(message, "Subject: Is dinner", "Subject: Was dinner")) ==
        "ARC-Message-Signature i=3: signature does not verify");
  CHECK(failure("Subject: Free money\r\n" + message) == "ARC-Message-Signature i=3: signature does not verify");
  // The first intermediary's results are covered by every later seal.
  CHECK(failure(replaced(message, "i=1; mx.lists.example.org; spf=pass", "i=1; mx.lists.example.org; spf=fail")) ==
        "ARC-Seal i=3: signature does not verify");
  // Seals hash their fields relaxed (section 5.1.1): blanks added inside one change nothing,
  // a tag added breaks every seal from there on.
  CHECK(failure(replaced(message, "ARC-Message-Signature: i=2;", "ARC-Message-Signature: i=2; \t ")) == "");
  CHECK(failure(replaced(message, "ARC-Message-Signature: i=2; a=rsa-sha256;", "ARC-Message-Signature: i=2; a=rsa-sha256; x=1;")) ==
        "ARC-Seal i=3: signature does not verify");
}

TEST_CASE("arc verify: broken structure fails") {
  const std::string& message = three_hops();
  // A whole set removed.
  std::string gap = without_field(without_field(without_field(message, "ARC-Seal: i=2;"), "ARC-Message-Signature: i=2;"),
                                  "ARC-Authentication-Results: i=2;");
  CHECK(failure(gap) == "ARC set i=2 has no ARC-Authentication-Results");
  CHECK(failure(without_field(message, "ARC-Seal: i=1;")) == "ARC set i=1 has no ARC-Seal");
  // Renumbered instances.
  CHECK(failure(replaced(message, "ARC-Authentication-Results: i=3;", "ARC-Authentication-Results: i=2;")) ==
        "two ARC-Authentication-Results fields for i=2");
  CHECK(failure(replaced(message, "ARC-Seal: i=3;", "ARC-Seal: i=4;")) == "ARC set i=3 has no ARC-Seal");
  // A set copied on top under a new instance.
  std::string copied = replaced(field_of(message, "ARC-Seal: i=3;"), "i=3", "i=4") +
                       replaced(field_of(message, "ARC-Message-Signature: i=3;"), "i=3", "i=4") +
                       replaced(field_of(message, "ARC-Authentication-Results: i=3;"), "i=3", "i=4") + message;
  CHECK(failure(copied) == "ARC-Message-Signature i=4: signature does not verify");
  auto chain = arc::verify_chain(copied, shared_hops().dns, kNow);
  CHECK(chain.instances == 4);
}

TEST_CASE("arc verify: a seal whose cv= lies fails") {
  const std::string& message = three_hops();
  CHECK(failure(replaced(message, "ARC-Seal: i=1; a=ed25519-sha256; cv=none;", "ARC-Seal: i=1; a=ed25519-sha256; cv=pass;")) ==
        "ARC-Seal i=1 has cv=pass, not none");
  CHECK(failure(replaced(message, "ARC-Seal: i=2; a=rsa-sha256; cv=pass;", "ARC-Seal: i=2; a=rsa-sha256; cv=none;")) ==
        "ARC-Seal i=2 has cv=none, not pass");
  CHECK(failure(replaced(message, "ARC-Seal: i=3; a=rsa-sha256; cv=pass;", "ARC-Seal: i=3; a=rsa-sha256; cv=fail;")) ==
        "ARC-Seal i=3 says cv=fail");
  // cv= is signed: a seal changed from fail to pass no longer verifies.
  CHECK(failure(replaced(message, "ARC-Seal: i=1; a=ed25519-sha256; cv=none;", "ARC-Seal: i=1; a=ed25519-sha256; cv=None;")) ==
        "ARC-Seal i=3: signature does not verify");
}

TEST_CASE("arc verify: keys are looked up like DKIM's") {
  const std::string& message = three_hops();
  auto dns = shared_hops().dns;
  dns.txt_records.erase("small._domainkey.relay.example.com");
  CHECK(arc::verify_chain(message, dns, kNow).reason == "ARC-Message-Signature i=3: no key");
  dns = shared_hops().dns;
  dns.temporary["ed._domainkey.lists.example.org"] = true;
  CHECK(arc::verify_chain(message, dns, kNow).reason == "ARC-Seal i=1: key lookup failed: SERVFAIL");
  dns = shared_hops().dns;
  dns.txt_records["big._domainkey.forwarder.example.net"] = dkim_test::kShortRsaRecord;
  CHECK(arc::verify_chain(message, dns, kNow).reason == "ARC-Seal i=2: RSA key too short");
  dns = shared_hops().dns;
  dns.txt_records["ed._domainkey.lists.example.org"] = "v=DKIM1; k=ed25519; p=";
  CHECK(arc::verify_chain(message, dns, kNow).reason == "ARC-Seal i=1: key revoked");
}

TEST_CASE("arc verify: malformed ARC fields fail") {
  const std::string& message = three_hops();
  // The newest ARC-Seal replaced by each of these, and what verification says.
  const std::pair<std::string, std::string> seals[] = {
      {"a=rsa-sha256; cv=pass; d=x.example; s=s; b=AAAA", "ARC-Seal no valid instance (i= from 1 to 50)"},
      {"i=3; i=3; cv=pass", "ARC-Seal malformed: duplicate tag i"},
      {"i=3; a=rsa-sha256; cv=maybe; d=x.example; s=s; b=AAAA", "ARC-Seal i=3: bad cv= value"},
      {"i=3; a=rsa-sha256; cv=pass; d=x.example; s=s; h=from; b=AAAA", "ARC-Seal i=3: h= is not allowed"},
      {"i=3; a=rsa-sha256; d=x.example; s=s; b=AAAA", "ARC-Seal i=3: missing tag cv"},
      {"i=3; a=rsa-sha1; cv=pass; d=x.example; s=s; b=AAAA", "ARC-Seal i=3: rsa-sha1 is not accepted"},
  };
  for (const auto& [seal, reason] : seals) {
    CAPTURE(seal);
    CHECK(failure("ARC-Seal: " + seal + "\r\n" + without_field(message, "ARC-Seal: i=3;")) == reason);
  }
  for (const char* instance : {"0", "51", "007", "-1", "x", "", "3 3"}) {
    CAPTURE(instance);
    CHECK(failure(replaced(message, "ARC-Seal: i=3;", std::string("ARC-Seal: i=") + instance + ";")) ==
          "ARC-Seal no valid instance (i= from 1 to 50)");
  }
  for (const char* prefix : {"i=3 mx.example.org;", "mx.example.org; i=3;", "i=;", "i3;", "i = 99;"}) {
    CAPTURE(prefix);
    CHECK(failure(replaced(message, "ARC-Authentication-Results: i=3;", std::string("ARC-Authentication-Results: ") + prefix)) ==
          "ARC-Authentication-Results no valid instance (i= from 1 to 50)");
  }
  // Folding and blanks around the instance are allowed.
  CHECK(failure(replaced(message, "ARC-Authentication-Results: i=1;", "ARC-Authentication-Results:\r\n\ti = 1 ;")) ==
        "ARC-Seal i=3: signature does not verify");

  const std::pair<std::string, std::string> signatures[] = {
      {"i=3; a=rsa-sha256; d=x.example; s=s; h=from; bh=AAAA; b=AAAA; l=3", "l= is not allowed"},
      {"i=3; a=rsa-sha256; d=x.example; s=s; h=from:arc-seal; bh=AAAA; b=AAAA", "h= signs ARC-Seal"},
      {"i=3; a=rsa-sha256; d=x.example; s=s; h=to; bh=AAAA; b=AAAA", "h= does not sign From"},
      {"i=3; a=rsa-sha256; d=x.example; s=s; h=from; b=AAAA", "missing tag bh"},
  };
  for (const auto& [signature, reason] : signatures) {
    CAPTURE(signature);
    CHECK(failure("ARC-Message-Signature: " + signature + "\r\n" + without_field(message, "ARC-Message-Signature: i=3;")) ==
          "ARC-Message-Signature i=3: " + reason);
  }
}

TEST_CASE("arc verify: truncated, binary and oversized ARC fields fail") {
  const std::string& message = three_hops();
  std::string seal = field_of(message, "ARC-Seal: i=3;");
  std::string rest = without_field(message, "ARC-Seal: i=3;");
  // Cut inside b= (still valid base64 after trimming to a multiple of four), then shorter.
  for (std::size_t keep : {seal.size() - 10, seal.size() / 2, std::size_t(20), std::size_t(12)}) {
    CAPTURE(keep);
    std::string cut = seal.substr(0, keep) + "\r\n";
    CHECK(failure(cut + rest) != "");
  }
  std::string binary = "ARC-Seal: i=3; a=rsa-sha256; cv=pass; d=x.example; s=s; b=\x01\xff\x80\r\n";
  CHECK(failure(binary + rest) == "ARC-Seal malformed: bad character in tag b");
  std::string huge = "ARC-Seal: i=3; a=rsa-sha256; cv=pass; d=x.example; s=s; b=" + std::string(20000, 'A') + "\r\n";
  CHECK(failure(huge + rest) == "ARC-Seal malformed: tag list too long");
  // A field with no value at all, and a header that ends inside an ARC field.
  CHECK(failure("ARC-Seal:\r\n" + rest) == "ARC-Seal malformed: no tags");
  CHECK(failure("ARC-Authentication-Results: i=1") == "ARC-Authentication-Results no valid instance (i= from 1 to 50)");
  CHECK(failure(message.substr(0, message.find("ARC-Seal: i=1;") + 20)) != "");
}

TEST_CASE("arc verify: fifty-one sets fail") {
  const std::string& message = three_hops();
  std::string on_top = replaced(field_of(message, "ARC-Authentication-Results: i=3;"), "i=3", "i=51");
  CHECK(failure(on_top + message) == "ARC-Authentication-Results no valid instance (i= from 1 to 50)");
}
