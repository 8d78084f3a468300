#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "carteiro/mailauth/dkim_tags.hpp"

using namespace carteiro::mailauth::dkim;

namespace {

template <typename T>
std::string refusal(const Parsed<T>& parsed) {
  auto* error = std::get_if<ParseError>(&parsed);
  return error ? error->reason : std::string();
}

const char* kSignature =
    "v=1; a=rsa-sha256; c=relaxed/simple;\r\n d=Example.COM; s=sel;\r\n"
    " h=From : To:subject; bh=MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=;\r\n"
    " b=dzdVyOfAKCdLXdJOc9G2q8Lo\r\n XSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR";

}  // namespace

TEST_CASE("dkim tags: a tag list with folding whitespace and a trailing separator") {
  auto parsed = parse_tag_list(" v = 1 ;\r\n a=b c\r\n\td ; x= ;");
  REQUIRE(std::holds_alternative<TagList>(parsed));
  const auto& list = std::get<TagList>(parsed);
  REQUIRE(list.tags.size() == 3);
  CHECK(*list.find("v") == "1");
  CHECK(*list.find("a") == "b c\r\n\td");
  CHECK(list.find("x")->empty());
  CHECK(list.find("y") == nullptr);
}

TEST_CASE("dkim tags: malformed lists are refused with a reason") {
  CHECK(refusal(parse_tag_list("")) == "no tags");
  CHECK(refusal(parse_tag_list("a=1;;b=2")) == "empty tag");
  CHECK(refusal(parse_tag_list("a=1; b")) == "tag without '='");
  CHECK(refusal(parse_tag_list("1a=1")) == "bad tag name");
  CHECK(refusal(parse_tag_list("a-b=1")) == "bad tag name");
  CHECK(refusal(parse_tag_list("a=1; a=2")) == "duplicate tag a");
  CHECK(refusal(parse_tag_list(std::string("a=\x01", 3))) == "bad character in tag a");
  CHECK(refusal(parse_tag_list(std::string("a=x\0y", 5))) == "bad character in tag a");
  CHECK(refusal(parse_tag_list("a=caf\xc3\xa9")) == "bad character in tag a");
  CHECK(refusal(parse_tag_list("=1")) == "bad tag name");
}

TEST_CASE("dkim tags: oversized lists are refused") {
  CHECK(refusal(parse_tag_list("a=" + std::string(kMaxTagListBytes, 'x'))) == "tag list too long");
  std::string many;
  for (std::size_t i = 0; i <= kMaxTags; ++i) many += "t" + std::to_string(i) + "=1;";
  CHECK(refusal(parse_tag_list(many)) == "too many tags");
}

TEST_CASE("dkim tags: folded base64") {
  CHECK(decode_folded_base64("aGVs\r\n bG8=") == std::string("hello"));
  CHECK_FALSE(decode_folded_base64("aGVs*bG8="));
  CHECK_FALSE(decode_folded_base64("aGVsbG8"));  // padding is required
}

TEST_CASE("dkim tags: a DKIM-Signature field") {
  auto parsed = parse_signature(kSignature);
  REQUIRE(std::holds_alternative<Signature>(parsed));
  const auto& sig = std::get<Signature>(parsed);
  CHECK(sig.algorithm == Algorithm::rsa_sha256);
  CHECK(sig.header_canon == Canonicalization::relaxed);
  CHECK(sig.body_canon == Canonicalization::simple);
  CHECK(sig.domain == "example.com");
  CHECK(sig.selector == "sel");
  CHECK(sig.identity == "@example.com");
  CHECK(sig.signed_headers == std::vector<std::string>{"from", "to", "subject"});
  CHECK(sig.body_hash == "12345678901234567890123456789012");
  CHECK(sig.signature_text.find(' ') == std::string::npos);
  CHECK_FALSE(sig.body_length);
}

TEST_CASE("dkim tags: DKIM-Signature fields that are refused") {
  std::string base = "v=1; a=rsa-sha256; d=example.com; s=sel; bh=YQ==; b=YQ==";
  CHECK(refusal(parse_signature(base)) == "missing tag h");
  CHECK(refusal(parse_signature(base + "; h=to")) == "h= does not sign From");
  CHECK(refusal(parse_signature(base + "; h=from; v=2")) == "duplicate tag v");
  CHECK(refusal(parse_signature("v=2; a=rsa-sha256; d=e; s=s; bh=YQ==; b=YQ==; h=from")) == "unsupported version");
  CHECK(refusal(parse_signature("v=1; a=dsa-sha256; d=e; s=s; bh=YQ==; b=YQ==; h=from")) ==
        "unknown algorithm dsa-sha256");
  CHECK(refusal(parse_signature(base + "; h=from; c=loose")) == "unknown canonicalization");
  CHECK(refusal(parse_signature(base + "; h=from; i=@example.org")) == "i= is not within d=");
  CHECK(refusal(parse_signature(base + "; h=from; i=@badexample.com")) == "i= is not within d=");
  CHECK(std::holds_alternative<Signature>(parse_signature(base + "; h=from; i=u@Mail.Example.com")));
  CHECK(refusal(parse_signature("v=1; a=rsa-sha256; d=a..b; s=s; bh=YQ==; b=YQ==; h=from")) == "bad d= domain");
  CHECK(refusal(parse_signature("v=1; a=rsa-sha256; d=e; s=a b; bh=YQ==; b=YQ==; h=from")) == "bad s= selector");
  CHECK(refusal(parse_signature("v=1; a=rsa-sha256; d=e; s=x/y; bh=YQ==; b=YQ==; h=from")) == "bad s= selector");
  CHECK(std::holds_alternative<Signature>(parse_signature("v=1; a=rsa-sha256; d=e.example; s=2024_a.b; bh=YQ==; b=YQ==; h=from")));
  CHECK(refusal(parse_signature(base + "; h=from; l=-1")) == "bad l= value");
  CHECK(refusal(parse_signature(base + "; h=from; l=" + std::string(30, '9'))) == "bad l= value");
  CHECK(refusal(parse_signature(base + "; h=from; t=20; x=10")) == "x= before t=");
  CHECK(refusal(parse_signature(base + "; h=from; q=http")) == "unsupported query method");
  CHECK(refusal(parse_signature("v=1; a=rsa-sha256; d=e; s=s; bh=YQ; b=YQ==; h=from")) == "bad bh= value");
  CHECK(refusal(parse_signature("v=1; a=rsa-sha256; d=e; s=s; bh=YQ==; b=; h=from")) == "bad b= value");
  // Truncated anywhere, the field never parses into a signature missing its parts.
  std::string whole = kSignature;
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    auto parsed = parse_signature(whole.substr(0, cut));
    if (auto* sig = std::get_if<Signature>(&parsed)) CHECK(!sig->signature.empty());
  }
}

TEST_CASE("dkim tags: key records") {
  auto parsed = parse_key_record("v=DKIM1; k=ed25519; t=y:s; h=sha256; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  REQUIRE(std::holds_alternative<Key>(parsed));
  const auto& key = std::get<Key>(parsed);
  CHECK(key.type == KeyType::ed25519);
  CHECK(key.public_key.size() == 32);
  CHECK(key.testing);
  CHECK(key.strict_identity);
  CHECK(key.hashes == std::vector<std::string>{"sha256"});
  CHECK(key.for_email);

  auto revoked = parse_key_record("v=DKIM1; p=");
  REQUIRE(std::holds_alternative<Key>(revoked));
  CHECK(std::get<Key>(revoked).public_key.empty());
  CHECK(std::get<Key>(revoked).type == KeyType::rsa);
  CHECK_FALSE(std::get<Key>(parse_key_record("s=other; p=")).for_email);

  CHECK(refusal(parse_key_record("k=rsa; v=DKIM1; p=")) == "bad key version");
  CHECK(refusal(parse_key_record("v=DKIM2; p=")) == "bad key version");
  CHECK(refusal(parse_key_record("k=dsa; p=")) == "unknown key type dsa");
  CHECK(refusal(parse_key_record("v=DKIM1; k=rsa")) == "key record without p=");
  CHECK(refusal(parse_key_record("p=!!!!")) == "bad p= value");
  CHECK(refusal(parse_key_record(std::string("p=\xff\xfe", 4))) == "bad character in tag p");
}
