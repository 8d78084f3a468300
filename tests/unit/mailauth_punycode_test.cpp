// Punycode decoding (RFC 3492): the RFC's own samples, IDNA labels, and what must be refused.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/mailauth/punycode.hpp"

using carteiro::mailauth::label_to_unicode;
using carteiro::mailauth::punycode_decode;

TEST_CASE("punycode: RFC 3492 section 7.1 samples") {
  // (A) Arabic (Egyptian), and (S) "-> $1.00 <-" (basic code points only).
  CHECK(punycode_decode("egbpdaj6bu4bxfgehfvwxn") ==
        "\xd9\x84\xd9\x8a\xd9\x87\xd9\x85\xd8\xa7\xd8\xa8\xd8\xaa\xd9\x83\xd9\x84\xd9\x85\xd9\x88\xd8\xb4\xd8\xb9"
        "\xd8\xb1\xd8\xa8\xd9\x8a\xd8\x9f");
  CHECK(punycode_decode("-> $1.00 <--") == "-> $1.00 <-");
}

TEST_CASE("punycode: IDNA labels") {
  CHECK(punycode_decode("bcher-kva") == "b\xc3\xbc" "cher");
  CHECK(punycode_decode("p1ai") == "\xd1\x80\xd1\x84");
  CHECK(punycode_decode("ehqz56n") == "\xe4\xb8\x89\xe9\x87\x8d");
  CHECK(punycode_decode("tda") == "\xc3\xbc");
  CHECK(punycode_decode("abc-") == "abc");
  CHECK(punycode_decode("") == "");
  CHECK(label_to_unicode("xn--mnchen-3ya") == "m\xc3\xbcnchen");
  CHECK(label_to_unicode("XN--P1AI") == "\xd1\x80\xd1\x84");
  CHECK(label_to_unicode("example") == "example");
  CHECK(label_to_unicode("xn--") == "xn--");
  CHECK(label_to_unicode("xn--!!") == "xn--!!");
  CHECK(label_to_unicode("xn---") == "xn---");
}

TEST_CASE("punycode: malformed, truncated, overflowing and oversized input") {
  CHECK_FALSE(punycode_decode("bcher-kv"));  // the last digit cut off: ends mid-number
  CHECK_FALSE(punycode_decode("b\xc3\xbc-kva"));
  CHECK_FALSE(punycode_decode("!"));
  CHECK_FALSE(punycode_decode("99999999999"));
  CHECK_FALSE(punycode_decode("zzzzzzzzzzzzzzzzzzzz"));
  CHECK_FALSE(punycode_decode(std::string(200, 'a')));
  CHECK_FALSE(punycode_decode(std::string("a\0b", 3)));
}
