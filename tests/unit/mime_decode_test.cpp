#include <doctest/doctest.h>

#include "carteiro/mime/decode.hpp"

using namespace carteiro::mime;

TEST_CASE("base64: plain, wrapped, with garbage and concatenated blocks") {
  CHECK(decode_base64_lenient("SGVsbG8=") == "Hello");
  CHECK(decode_base64_lenient("SGVs\r\nbG8g\r\nV29y bGQ=\r\n") == "Hello World");
  CHECK(decode_base64_lenient("SG!!Vs*bG8") == "Hello");
  CHECK(decode_base64_lenient("SGk=SGk=") == "HiHi");
  CHECK(decode_base64_lenient("") == "");
  CHECK(decode_base64_lenient("S") == "");  // a lone sextet is no octet
}

TEST_CASE("quoted-printable: escapes, soft breaks, trailing blanks") {
  CHECK(decode_quoted_printable("caf=C3=A9") == "caf\xC3\xA9");
  CHECK(decode_quoted_printable("caf=c3=a9") == "caf\xC3\xA9");  // lower case tolerated
  CHECK(decode_quoted_printable("long=\r\nline\r\nnext") == "longline\r\nnext");
  CHECK(decode_quoted_printable("soft= \r\nbreak") == "softbreak");
  CHECK(decode_quoted_printable("trailing   \r\nx") == "trailing\r\nx");
  CHECK(decode_quoted_printable("lf=\nonly\n") == "lfonly\n");
  CHECK(decode_quoted_printable("bad =ZZ and =") == "bad =ZZ and ");  // final "=" is a soft break
  CHECK(decode_quoted_printable("a=4") == "a=4");
}

TEST_CASE("decode_transfer picks the decoder by name") {
  CHECK(decode_transfer("SGk=", " BASE64 ") == "Hi");
  CHECK(decode_transfer("a=3Db", "Quoted-Printable") == "a=b");
  CHECK(decode_transfer("a=3Db", "8bit") == "a=3Db");
}

TEST_CASE("encoded words: B and Q, charsets, adjacent words") {
  CHECK(decode_words("=?UTF-8?B?Sm9zw6k=?=") == "Jos\xC3\xA9");
  CHECK(decode_words("=?iso-8859-1?Q?Jos=E9_Silva?=") == "Jos\xC3\xA9 Silva");
  // Section 6.2: blanks between adjacent encoded words are dropped, others kept.
  CHECK(decode_words("=?utf-8?q?a?= =?utf-8?q?b?=") == "ab");
  CHECK(decode_words("=?utf-8?q?a?=\r\n =?utf-8?q?b?= c") == "ab c");
  CHECK(decode_words("x =?utf-8?q?a?= y") == "x a y");
  // A character split across two words.
  CHECK(decode_words("=?utf-8?B?w6g=?= =?utf-8?B?w6k=?=") == "\xC3\xA8\xC3\xA9");
  CHECK(decode_words("=?UTF-8?B?w6?= =?UTF-8?B?k=?=").size() > 0);
  // RFC 2231 section 5 language suffix.
  CHECK(decode_words("=?US-ASCII*EN?Q?Keith_Moore?=") == "Keith Moore");
  CHECK(decode_words("=?windows-1252?Q?=93quoted=94?=") == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
}

TEST_CASE("encoded words: what is not one stays as written") {
  CHECK(decode_words("plain text") == "plain text");
  CHECK(decode_words("=?utf-8?x?abc?=") == "=?utf-8?x?abc?=");
  CHECK(decode_words("=?utf-8?q?no end") == "=?utf-8?q?no end");
  CHECK(decode_words("=??q?a?=") == "=??q?a?=");
  CHECK(decode_words("=?utf-8?q?has space?=") == "=?utf-8?q?has space?=");
  CHECK(decode_words("a =?") == "a =?");
  CHECK(decode_words("=?koi8-r?b?8NLJ18XU?=") == "\xF0\xD2\xC9\xD7\xC5\xD4");  // passed through
}

TEST_CASE("charsets converted to UTF-8") {
  CHECK(to_utf8("caf\xE9", "ISO-8859-1") == "caf\xC3\xA9");
  CHECK(to_utf8("\xA4", "iso-8859-15") == "\xE2\x82\xAC");
  CHECK(to_utf8("\x80", "windows-1252") == "\xE2\x82\xAC");
  CHECK(to_utf8("\x81", "cp1252") == "\xC2\x81");
  CHECK(to_utf8("caf\xC3\xA9", "utf-8") == "caf\xC3\xA9");
  CHECK(to_utf8("\xE9", "x-unknown") == "\xE9");
}
