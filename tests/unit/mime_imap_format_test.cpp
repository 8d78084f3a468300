#include <doctest/doctest.h>

#include "carteiro/mime/imap_format.hpp"

using namespace carteiro::mime;

namespace {
std::string quoted(std::string_view v) {
  std::string out;
  append_string(out, v);
  return out;
}
}  // namespace

TEST_CASE("IMAP strings: quoted when safe, literal otherwise") {
  CHECK(quoted("abc") == "\"abc\"");
  CHECK(quoted("") == "\"\"");
  CHECK(quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quoted("tab\there") == "\"tab\there\"");
  CHECK(quoted("caf\xC3\xA9") == "{5}\r\ncaf\xC3\xA9");
  CHECK(quoted("a\r\nb") == "{4}\r\na\r\nb");
  CHECK(quoted(std::string_view("a\0b", 3)) == "{5}\r\na\xEF\xBF\xBD" "b");
  CHECK(quoted(std::string(2000, 'x')).substr(0, 8) == "{2000}\r\n");
  std::string out;
  append_nstring(out, std::nullopt);
  CHECK(out == "NIL");
}

TEST_CASE("a message without MIME headers is text/plain, charset=us-ascii") {
  std::string_view m = "Subject: x\r\n\r\nHello\r\nWorld\r\n";
  Summary s = summarize(m);
  CHECK(s.header_size == 14);
  CHECK(s.body == "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 14 2)");
  CHECK(s.bodystructure ==
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 14 2 NIL NIL NIL NIL)");
  CHECK(s.envelope == "(NIL \"x\" NIL NIL NIL NIL NIL NIL NIL NIL)");
}

TEST_CASE("a final line without line feed still counts") {
  Summary s = summarize("\r\nno newline");
  CHECK(s.header_size == 2);
  CHECK(s.body == "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 1)");
}

TEST_CASE("Sender and Reply-To default to From, also when empty") {
  Summary s = summarize("From: a@b\r\nSender:\r\nTo: c@d\r\n\r\n");
  CHECK(s.envelope ==
        "(NIL NIL ((NIL NIL \"a\" \"b\")) ((NIL NIL \"a\" \"b\")) ((NIL NIL \"a\" \"b\")) "
        "((NIL NIL \"c\" \"d\")) NIL NIL NIL NIL)");
}

TEST_CASE("single-part extension data: md5, disposition, language, location") {
  std::string_view m =
      "Content-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n"
      "Content-ID: <img1@x>\r\nContent-Description: A picture\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n"
      "Content-Disposition: inline; filename=a.png\r\nContent-Language: en, pt-BR\r\n"
      "Content-Location: http://example.org/a.png\r\n\r\niVBORw0K\r\n";
  Summary s = summarize(m);
  CHECK(s.bodystructure ==
        "(\"image\" \"png\" (\"name\" \"a.png\") \"<img1@x>\" \"A picture\" \"base64\" 10 "
        "\"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"inline\" (\"filename\" \"a.png\")) (\"en\" \"pt-BR\") "
        "\"http://example.org/a.png\")");
  CHECK(s.body == "(\"image\" \"png\" (\"name\" \"a.png\") \"<img1@x>\" \"A picture\" \"base64\" 10)");
}

TEST_CASE("multipart without boundary is text/plain (RFC 2045 section 5.2)") {
  Summary s = summarize("Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\nbody\r\n--x--\r\n");
  CHECK(s.body == "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 20 4)");
}

TEST_CASE("multipart whose boundary never occurs has one empty part") {
  Summary s = summarize("Content-Type: multipart/mixed; boundary=zz\r\n\r\njust text\r\n");
  CHECK(s.body == "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) \"mixed\")");
  CHECK(s.bodystructure ==
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL) \"mixed\" "
        "(\"boundary\" \"zz\") NIL NIL NIL)");
}

TEST_CASE("a longer boundary that starts with the boundary is not a delimiter") {
  Summary s = summarize(
      "Content-Type: multipart/mixed; boundary=ab\r\n\r\n--ab\r\n\r\none\r\n--abc\r\n--ab \r\n\r\ntwo\r\n--ab--\r\n");
  CHECK(s.body ==
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 2)"
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 3 1) \"mixed\")");
}

TEST_CASE("in a digest an absent Content-Type is message/rfc822, an invalid one text/plain") {
  Summary s = summarize(
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\nContent-Type: bogus\r\n\r\nx\r\n--d--\r\n");
  CHECK(s.body == "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 1 1) \"digest\")");
}
