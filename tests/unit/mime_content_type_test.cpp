#include <doctest/doctest.h>

#include "carteiro/mime/content_type.hpp"

using namespace carteiro::mime;

TEST_CASE("content type with parameters, quoting and comments") {
  auto ct = parse_content_type(" Text/Plain ; charset=\"UTF-8\" (comment); format=flowed");
  REQUIRE(ct);
  CHECK(ct->type == "Text");
  CHECK(ct->subtype == "Plain");
  CHECK(ct->is_text());
  REQUIRE(ct->params.size() == 2);
  CHECK(ct->params[0].name == "charset");
  CHECK(ct->params[0].value == "UTF-8");
  CHECK(ct->param("FORMAT") == "flowed");
  CHECK_FALSE(ct->param("delsp"));
}

TEST_CASE("content type: quoted-pairs and unquoted values real mail has") {
  auto ct = parse_content_type("multipart/mixed; boundary=----=_Part_1_2.3");
  REQUIRE(ct);
  CHECK(ct->param("boundary") == "----=_Part_1_2.3");
  auto ct2 = parse_content_type("application/pdf; name=my file.pdf; x=\"a\\\"b\"");
  REQUIRE(ct2);
  CHECK(ct2->param("name") == "my file.pdf");
  CHECK(ct2->param("x") == "a\"b");
}

TEST_CASE("content type: invalid values") {
  CHECK_FALSE(parse_content_type(""));
  CHECK_FALSE(parse_content_type("text"));
  CHECK_FALSE(parse_content_type("text/"));
  CHECK_FALSE(parse_content_type("/plain"));
  CHECK_FALSE(parse_content_type("(only a comment)"));
  auto ct = parse_content_type("text/plain; ; =x; junk; charset=us-ascii; unterminated=\"abc");
  REQUIRE(ct);
  CHECK(ct->param("charset") == "us-ascii");
  CHECK(ct->param("unterminated") == "abc");
}

TEST_CASE("RFC 2231 continuations are joined in section order") {
  auto ct = parse_content_type(
      "message/external-body; access-type=URL;\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\";"
      "\r\n URL*0=\"ftp://\"");
  REQUIRE(ct);
  CHECK(ct->param("URL") == "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
}

TEST_CASE("RFC 2231 charset and percent encoding") {
  auto ct = parse_content_type("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");
  REQUIRE(ct);
  CHECK(ct->param("title") == "This is ***fun***");
  auto mixed = parse_content_type(
      "application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; "
      "title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"");
  REQUIRE(mixed);
  CHECK(mixed->param("title") == "This is even more ***fun*** isn't it!");
  auto latin = parse_content_type("text/plain; name*=iso-8859-1''caf%E9.txt");
  REQUIRE(latin);
  CHECK(latin->param("name") == "caf\xC3\xA9.txt");
}

TEST_CASE("RFC 2231 value wins over the plain one, in the first one's place") {
  auto d = parse_disposition("attachment; filename=\"x.pdf\"; size=3; filename*=utf-8''%C3%A9.pdf");
  REQUIRE(d);
  CHECK(d->type == "attachment");
  REQUIRE(d->params.size() == 2);
  CHECK(d->params[0].name == "filename");
  CHECK(d->params[0].value == "\xC3\xA9.pdf");
  CHECK(d->params[1].name == "size");
}

TEST_CASE("RFC 2231: a gap ends the value, bad section numbers are plain names") {
  auto ct = parse_content_type("a/b; n*0=one; n*2=three; m*x=1; k*99999999999=2");
  REQUIRE(ct);
  CHECK(ct->param("n") == "one");
  CHECK(ct->param("m*x") == "1");
  CHECK(ct->param("k*99999999999") == "2");
}

TEST_CASE("disposition") {
  auto d = parse_disposition("inline");
  REQUIRE(d);
  CHECK(d->type == "inline");
  CHECK(d->params.empty());
  CHECK_FALSE(parse_disposition(""));
  CHECK_FALSE(parse_disposition("; filename=x"));
}

TEST_CASE("parameter count is bounded") {
  std::string v = "text/plain";
  for (int i = 0; i < 1000; ++i) v += "; p" + std::to_string(i) + "=v";
  auto ct = parse_content_type(v);
  REQUIRE(ct);
  CHECK(ct->params.size() == 64);
}
