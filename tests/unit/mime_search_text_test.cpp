#include <doctest/doctest.h>

#include "carteiro/mime/search_text.hpp"

using namespace carteiro::mime;

TEST_CASE("contains_ci folds ASCII, Latin-1, Greek and Cyrillic letters") {
  CHECK(contains_ci("Hello World", "WORLD"));
  CHECK(contains_ci("Hello World", ""));
  CHECK_FALSE(contains_ci("Hello", "Hello World"));
  CHECK(contains_ci("Caf\xC3\x89 noir", "caf\xC3\xA9"));             // É / é
  CHECK(contains_ci("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD0\xBC\xD0\xbe\xD1\x81"));  // Москва / мос
  CHECK(contains_ci("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", "\xCF\x83\xCE\xBF\xCF\x86"));  // ΣΟΦΙΑ / σοφ
  CHECK_FALSE(contains_ci("\xC3\x97", "\xC3\xB7"));  // × is not the capital of ÷
  CHECK_FALSE(contains_ci("abc", "abd"));
  CHECK(contains_ci("\xFF\xC3", "\xC3"));  // broken UTF-8 does not throw anything off
}

TEST_CASE("body_text decodes transfer encodings and charsets of text parts only") {
  std::string m =
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Ol=E1 mundo\r\n"
      "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "c2VjcmV0\r\n"
      "--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      "PGI+b2k8L2I+\r\n"
      "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n"
      "--b--\r\n";
  CHECK(body_text(m) == "Ol\xC3\xA1 mundo\n<b>oi</b>\ninner body");
}

TEST_CASE("body_text of a message without MIME is its body") {
  CHECK(body_text("Subject: x\r\n\r\nplain =41 body\r\n") == "plain =41 body\r\n");
  CHECK(body_text("") == "");
}
