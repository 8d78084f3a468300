#include <doctest/doctest.h>

#include "carteiro/mime/section.hpp"

using namespace carteiro::mime;

namespace {
std::string get(std::string_view m, std::vector<unsigned> part, SectionText t = SectionText::none,
                std::vector<std::string> fields = {}) {
  return extract_section(m, Section{std::move(part), t, std::move(fields)});
}

constexpr std::string_view kSingle =
    "From: a@b\r\nSubject: hi\r\nTo: c@d\r\n\r\nline 1\r\nline 2\r\n";
}  // namespace

TEST_CASE("whole message, HEADER, TEXT") {
  CHECK(get(kSingle, {}) == kSingle);
  CHECK(get(kSingle, {}, SectionText::header) == "From: a@b\r\nSubject: hi\r\nTo: c@d\r\n\r\n");
  CHECK(get(kSingle, {}, SectionText::text) == "line 1\r\nline 2\r\n");
  CHECK(get(kSingle, {}, SectionText::mime) == "");  // MIME needs a part number
}

TEST_CASE("part 1 of a non-multipart message is its body") {
  CHECK(get(kSingle, {1}) == "line 1\r\nline 2\r\n");
  CHECK(get(kSingle, {2}) == "");
  CHECK(get(kSingle, {0}) == "");
  CHECK(get(kSingle, {1, 1}) == "");
  CHECK(get(kSingle, {1}, SectionText::header) == "");  // not a message/rfc822 part
}

TEST_CASE("HEADER.FIELDS and HEADER.FIELDS.NOT keep order, folding and the blank line") {
  CHECK(get(kSingle, {}, SectionText::header_fields, {"to", "FROM"}) == "From: a@b\r\nTo: c@d\r\n\r\n");
  CHECK(get(kSingle, {}, SectionText::header_fields_not, {"to", "FROM"}) == "Subject: hi\r\n\r\n");
  CHECK(get(kSingle, {}, SectionText::header_fields, {"x-none"}) == "\r\n");
  CHECK(get("Subject: a\r\n b\r\nX: y\r\n\r\n", {}, SectionText::header_fields, {"subject"}) ==
        "Subject: a\r\n b\r\n\r\n");
  // No blank line (a message without body): none is added.
  CHECK(get("Subject: a\r\nX: y\r\n", {}, SectionText::header_fields, {"subject"}) == "Subject: a\r\n");
  CHECK(get("Subject: a\nX: y\n\nbody", {}, SectionText::header_fields, {"subject"}) == "Subject: a\n\n");
}

TEST_CASE("multipart parts, MIME headers and encapsulated messages") {
  std::string m =
      "Subject: outer\r\nContent-Type: multipart/mixed; boundary=\"=_o\"\r\n\r\n"
      "preamble\r\n"
      "--=_o\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
      "--=_o\r\nContent-Type: message/rfc822\r\n\r\n"
      "Subject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n"
      "--i\r\n\r\nplain\r\n--i\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--i--\r\n"
      "\r\n--=_o--\r\nepilogue\r\n";
  CHECK(get(m, {1}) == "first");
  CHECK(get(m, {1}, SectionText::mime) == "Content-Type: text/plain\r\n\r\n");
  CHECK(get(m, {2}, SectionText::mime) == "Content-Type: message/rfc822\r\n\r\n");
  CHECK(get(m, {2}, SectionText::header) ==
        "Subject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n");
  CHECK(get(m, {2}, SectionText::header_fields, {"subject"}) == "Subject: inner\r\n\r\n");
  CHECK(get(m, {2}, SectionText::text) ==
        "--i\r\n\r\nplain\r\n--i\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--i--\r\n");
  CHECK(get(m, {2}).substr(0, 15) == "Subject: inner\r");
  CHECK(get(m, {2, 1}) == "plain");
  CHECK(get(m, {2, 1}, SectionText::mime) == "\r\n");
  CHECK(get(m, {2, 2}) == "<p>html</p>");
  CHECK(get(m, {2, 2}, SectionText::mime) == "Content-Type: text/html\r\n\r\n");
  CHECK(get(m, {2, 3}) == "");
  CHECK(get(m, {3}) == "");
  CHECK(get(m, {1}, SectionText::text) == "");
}

TEST_CASE("extract_section on a parsed tree gives the same octets") {
  Part root = parse_structure(kSingle);
  CHECK(extract_section(root, Section{{1}, SectionText::none, {}}) == "line 1\r\nline 2\r\n");
}
