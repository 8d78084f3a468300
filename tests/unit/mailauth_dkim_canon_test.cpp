#include <doctest/doctest.h>

#include "carteiro/mailauth/dkim_canon.hpp"

using namespace carteiro::mailauth::dkim;

// The examples of RFC 6376 section 3.4.5.
TEST_CASE("dkim canon: headers, simple and relaxed") {
  CHECK(canonical_header("A: X\r\n", Canonicalization::relaxed) == "a:X\r\n");
  CHECK(canonical_header("B : Y\t\r\n\tZ  \r\n", Canonicalization::relaxed) == "b:Y Z\r\n");
  CHECK(canonical_header("B : Y\t\r\n\tZ  \r\n", Canonicalization::simple) == "B : Y\t\r\n\tZ  \r\n");
  CHECK(canonical_header("Subject:\r\n", Canonicalization::relaxed) == "subject:\r\n");
  CHECK(canonical_header("X:  a \t b\r\n", Canonicalization::relaxed) == "x:a b\r\n");
}

TEST_CASE("dkim canon: bodies, simple and relaxed") {
  std::string body = " C \r\nD \t E\r\n\r\n\r\n";
  CHECK(canonical_body(body, Canonicalization::relaxed) == " C\r\nD E\r\n");
  CHECK(canonical_body(body, Canonicalization::simple) == " C \r\nD \t E\r\n");
  CHECK(canonical_body("", Canonicalization::simple) == "\r\n");
  CHECK(canonical_body("\r\n\r\n", Canonicalization::simple) == "\r\n");
  CHECK(canonical_body("", Canonicalization::relaxed) == "");
  CHECK(canonical_body(" \t\r\n\r\n", Canonicalization::relaxed) == "");
  CHECK(canonical_body("no final line break", Canonicalization::simple) == "no final line break\r\n");
  CHECK(canonical_body("last  ", Canonicalization::relaxed) == "last\r\n");
  CHECK(canonical_body(std::string("\0\xff  x", 5), Canonicalization::relaxed) == std::string("\0\xff x\r\n", 6));
}

TEST_CASE("dkim canon: bare line feeds and the b= value") {
  CHECK(with_crlf("a\nb\r\nc\n") == "a\r\nb\r\nc\r\n");
  CHECK(without_signature_value("DKIM-Signature: v=1; b=abc\r\n def; bh=xyz\r\n") ==
        "DKIM-Signature: v=1; b=; bh=xyz\r\n");
  CHECK(without_signature_value("DKIM-Signature: a=1;\r\n b=ab\r\n cd\r\n") == "DKIM-Signature: a=1;\r\n b=\r\n");
  CHECK(without_signature_value("DKIM-Signature: bh=abc; b = x ;") == "DKIM-Signature: bh=abc; b = ;");
  CHECK(without_signature_value("DKIM-Signature: v=1") == "DKIM-Signature: v=1");
}
