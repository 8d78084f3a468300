#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>

#include "carteiro/common/base64.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"
#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"
#include "mailauth_dkim_test_support.hpp"

using namespace carteiro;
using namespace carteiro::mailauth;
using namespace carteiro::mailauth::dkim;
using namespace carteiro::mailauth::dkim_test;

namespace {

constexpr std::int64_t kNow = 1700000000;

const std::string kMessage =
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "X-Mailer: not signed\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n";

std::string signed_with(const std::string& pem, const std::string& message = kMessage) {
  auto field = sign_message(message, {"football.example.com", "brisbane", pem}, kNow);
  REQUIRE(std::holds_alternative<std::string>(field));
  return std::get<std::string>(field) + message;
}

std::string digest(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), size);
}

// A relaxed/relaxed ed25519 signature built from the pieces, for what sign_message never
// writes (l=, From signed once).
std::string signed_by_hand(const std::string& message, const std::string& names_tag,
                           const std::vector<std::string>& names, std::optional<std::size_t> length) {
  std::string_view block = mime::header_block(message);
  std::string body = canonical_body(std::string_view(message).substr(block.size()), Canonicalization::relaxed);
  if (length) body.resize(*length);
  std::string field = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com;\r\n"
                      " s=brisbane; h=" + names_tag + ";" +
                      (length ? " l=" + std::to_string(*length) + ";" : std::string()) +
                      "\r\n bh=" + base64_encode(digest(body)) + "; b=";
  std::string data = header_hash_input(mime::split_fields(block), names, field, Canonicalization::relaxed);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(kEd25519Pem.data(), -1), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                                          EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  REQUIRE(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1);
  std::string hash = digest(data);
  unsigned char signature[64];
  std::size_t size = sizeof signature;
  REQUIRE(EVP_DigestSign(ctx.get(), signature, &size, reinterpret_cast<const unsigned char*>(hash.data()), hash.size()) == 1);
  return field + base64_encode(std::string(reinterpret_cast<char*>(signature), size)) + "\r\n" + message;
}

FakeDns ed25519_dns() {
  FakeDns dns;
  dns.txt_records["brisbane._domainkey.football.example.com"] = kEd25519Record;
  return dns;
}

}  // namespace

TEST_CASE("dkim sign: an Ed25519 signature verifies, folded, oversigned, with t=") {
  std::string message = signed_with(kEd25519Pem);
  FakeDns dns = ed25519_dns();
  auto results = verify_message(message, dns, kNow);
  REQUIRE(results.size() == 1);
  CHECK_MESSAGE(results[0].status == Status::pass, results[0].reason);
  CHECK(results[0].algorithm == "ed25519-sha256");

  std::string field = message.substr(0, message.find("\r\nFrom:"));
  CHECK(field.starts_with("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
                          "\td=football.example.com; s=brisbane; t=1700000000;\r\n\th="));
  CHECK(field.find("from:from:subject:subject:date:date:to:to:message-id") != std::string::npos);
  CHECK(field.find("x-mailer") == std::string::npos);
  for (std::size_t start = 0; start < field.size();) {
    std::size_t end = field.find("\r\n", start);
    if (end == std::string::npos) end = field.size();
    CHECK(end - start <= 78);
    start = end + 2;
  }

  // Fields added afterwards: an unsigned one is harmless, a second From or Subject is not.
  CHECK(verify_message("X-Spam: no\r\n" + message, dns, kNow)[0].status == Status::pass);
  CHECK(verify_message("From: boss@example.org\r\n" + message, dns, kNow)[0].status == Status::fail);
  std::string second_subject = message;
  second_subject.insert(second_subject.find("\r\n\r\n") + 2, "Subject: urgent\r\n");
  CHECK(verify_message(second_subject, dns, kNow)[0].status == Status::fail);
  // Absent fields are oversigned too: a Cc is allowed, an added To is not.
  std::string no_to = signed_with(kEd25519Pem, "From: joe@football.example.com\r\n\r\nbody\r\n");
  CHECK(verify_message("Cc: x@example.org\r\n" + no_to, dns, kNow)[0].status == Status::pass);
  CHECK(verify_message("To: x@example.org\r\n" + no_to, dns, kNow)[0].status == Status::fail);
}

TEST_CASE("dkim sign: an RSA-2048 signature verifies, and LF-only messages are signed as CRLF") {
  auto [pem, record] = rsa_key(2048);
  FakeDns dns;
  dns.txt_records["brisbane._domainkey.football.example.com"] = record;
  auto results = verify_message(signed_with(pem), dns, kNow);
  REQUIRE(results.size() == 1);
  CHECK_MESSAGE(results[0].status == Status::pass, results[0].reason);
  CHECK(results[0].algorithm == "rsa-sha256");

  std::string lf = "From: joe@football.example.com\nSubject: hi\n\nline one  \nline two\n\n\n";
  CHECK(verify_message(signed_with(pem, lf), dns, kNow)[0].status == Status::pass);
  CHECK(verify_message(signed_with(pem, "From: joe@football.example.com\r\n"), dns, kNow)[0].status == Status::pass);
}

TEST_CASE("dkim sign: refusals") {
  auto refused = [](const std::string& message, const std::string& pem) {
    auto field = sign_message(message, {"example.com", "sel", pem}, kNow);
    auto* error = std::get_if<ParseError>(&field);
    return error ? error->reason : std::string();
  };
  CHECK(refused(kMessage, "not a key") == "unreadable private key");
  CHECK(refused(kMessage, rsa_key(1024, "secret").first) == "unreadable private key");  // never prompts
  CHECK(refused("Subject: no from\r\n\r\nbody\r\n", kEd25519Pem) == "the message has no From field");
  CHECK(refused(kMessage, rsa_key(512).first) == "the key is neither Ed25519 nor RSA of at least 1024 bits");
}

TEST_CASE("dkim verify: content appended after l= still passes but is reported") {
  std::string message = signed_by_hand(kMessage, "from:to:subject", {"from", "to", "subject"}, 20);
  FakeDns dns = ed25519_dns();
  auto results = verify_message(message, dns, kNow);
  CHECK_MESSAGE(results[0].status == Status::pass, results[0].reason);
  CHECK(results[0].content_beyond_length);
  results = verify_message(message + "Click http://evil.example/\r\n", dns, kNow);
  CHECK(results[0].status == Status::pass);
  CHECK(results[0].content_beyond_length);
  // A body cut shorter than l=: the signed content is gone.
  std::string cut = message.substr(0, message.find("Hi.") + 2);
  CHECK(verify_message(cut, dns, kNow)[0].reason == "l= is longer than the body");
  // l= covering exactly the body is fully signed.
  std::string exact = signed_by_hand(kMessage, "from", {"from"}, canonical_body(kMessage.substr(kMessage.find("\r\n\r\n") + 4), Canonicalization::relaxed).size());
  results = verify_message(exact, dns, kNow);
  CHECK(results[0].status == Status::pass);
  CHECK_FALSE(results[0].content_beyond_length);
}

TEST_CASE("dkim verify: a From signed once and a second From added above: reported unsigned") {
  std::string message = signed_by_hand(kMessage, "from:to:subject", {"from", "to", "subject"}, std::nullopt);
  FakeDns dns = ed25519_dns();
  auto results = verify_message("From: boss@shopping.example.net\r\n" + message, dns, kNow);
  CHECK(results[0].status == Status::pass);  // bottom-up, the original From is the signed one
  CHECK(results[0].unsigned_fields == std::vector<std::string>{"from"});
}
