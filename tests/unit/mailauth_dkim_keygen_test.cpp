#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <random>

#include "carteiro/mailauth/dkim_canon.hpp"
#include "carteiro/mailauth/dkim_keygen.hpp"
#include "carteiro/mailauth/dkim_sign.hpp"
#include "carteiro/mailauth/dkim_verify.hpp"
#include "mailauth_dkim_test_support.hpp"

using namespace carteiro::mailauth;
using namespace carteiro::mailauth::dkim;
using namespace carteiro::mailauth::dkim_test;

namespace {

constexpr std::int64_t kNow = 1780000000;

const std::string kPrefix = "Delivered-To: bob@example.org\r\nReceived: from a by b; Thu, 3 Dec 2026 10:00:00 +0000\r\n";
const std::string kBody =
    "From: Ann <ann@example.com>\r\nTo: bob@example.org\r\nSubject: pieces\r\n\r\nline  one \r\n\r\n\tlast\r\n\r\n";

std::string sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), size);
}

std::string signature(const Parsed<std::string>& field) {
  REQUIRE(std::holds_alternative<std::string>(field));
  return std::get<std::string>(field);
}

}  // namespace

TEST_CASE("dkim keygen: both algorithms, and their records parse and verify what the keys sign") {
  for (KeyType type : {KeyType::rsa, KeyType::ed25519}) {
    std::string pem = generate_private_key(type);
    CHECK(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    auto type_of = key_type_of(pem);
    REQUIRE(std::holds_alternative<KeyType>(type_of));
    CHECK(std::get<KeyType>(type_of) == type);
    auto record = key_record_for(pem);
    REQUIRE(std::holds_alternative<std::string>(record));
    const std::string& text = std::get<std::string>(record);
    CHECK(text.starts_with(type == KeyType::rsa ? "v=DKIM1; k=rsa; p=MII" : "v=DKIM1; k=ed25519; p="));
    auto key = parse_key_record(text);
    REQUIRE(std::holds_alternative<Key>(key));
    CHECK(std::get<Key>(key).type == type);
    if (type == KeyType::ed25519) CHECK(std::get<Key>(key).public_key.size() == 32);

    FakeDns dns;
    dns.txt_records["sel._domainkey.example.com"] = text;
    std::string message = signature(sign_message(kBody, {"example.com", "sel", pem}, kNow)) + kBody;
    auto results = verify_message(message, dns, kNow);
    REQUIRE(results.size() == 1);
    CHECK_MESSAGE(results[0].status == Status::pass, results[0].reason);
  }
  CHECK(generate_private_key(KeyType::ed25519) != generate_private_key(KeyType::ed25519));
}

TEST_CASE("dkim keygen: what is not a usable private key is refused") {
  for (std::string bad : {std::string(), std::string("junk"), std::string("-----BEGIN PRIVATE KEY-----\n\x01\xff\n"),
                          std::string(4096, 'A'), kEd25519Record}) {
    CHECK(std::holds_alternative<ParseError>(key_record_for(bad)));
    CHECK(std::holds_alternative<ParseError>(key_type_of(bad)));
  }
  CHECK(std::get<std::string>(key_record_for(kEd25519Pem)) == kEd25519Record);  // RFC 8463 appendix A
}

TEST_CASE("dkim sign: a message in pieces is signed as the pieces joined") {
  for (const std::string& pem : {kEd25519Pem, generate_private_key(KeyType::rsa)}) {
    SigningKey key{"example.com", "sel", pem};
    std::string whole = signature(sign_message(kPrefix + kBody, key, kNow));
    CHECK(signature(sign_message(std::vector<std::string_view>{kPrefix, kBody}, key, kNow)) == whole);
    std::string first = kPrefix.substr(0, kPrefix.find('\n') + 1), second = kPrefix.substr(first.size());
    CHECK(signature(sign_message(std::vector<std::string_view>{first, second, kBody}, key, kNow)) == whole);
    CHECK(signature(sign_message(std::vector<std::string_view>{"", kPrefix, kBody}, key, kNow)) == whole);
  }
  // The From may be in a prefix piece; a message with none anywhere is refused.
  SigningKey key{"example.com", "sel", kEd25519Pem};
  std::string from = "From: x@example.com\r\n", rest = "Subject: s\r\n\r\nbody\r\n";
  CHECK(signature(sign_message(std::vector<std::string_view>{from, rest}, key, kNow)) ==
        signature(sign_message(from + rest, key, kNow)));
  CHECK(std::holds_alternative<ParseError>(sign_message(std::vector<std::string_view>{kPrefix, "\r\nbody"}, key, kNow)));
  CHECK(std::holds_alternative<ParseError>(sign_message(std::vector<std::string_view>{}, key, kNow)));
}

TEST_CASE("dkim sign: the streamed relaxed body hash equals the canonical body's, in chunks of any size") {
  const std::vector<std::string> bodies = {
      "", "\r\n", "\n\n\n", "a", "a\r", "a \r", "a\r \r\n", "a \r\r\n", " \t lead\r\n", "x  y\t\tz \r\n\r\n \r\n",
      "one\ntwo\r\nthree\n\n", "\r\n\r\nmid\r\n\r\n", "\r\r\n\r", std::string("bin\0ary\xff\r\n", 10),
      std::string(70000, 'q') + "\r\n" + std::string(3, ' ') + "\r\n"};
  std::mt19937 random(14);
  for (const auto& body : bodies) {
    std::string expected = sha256(canonical_body(with_crlf(body), Canonicalization::relaxed));
    for (int round = 0; round < 8; ++round) {
      RelaxedBodyHash hash;
      for (std::size_t pos = 0; pos < body.size();) {
        std::size_t take = std::min<std::size_t>(body.size() - pos, 1 + random() % 5);
        hash.update(std::string_view(body).substr(pos, take));
        pos += take;
      }
      CHECK_MESSAGE(hash.finish() == expected, body.substr(0, 40));
    }
  }
}
