#include <doctest/doctest.h>

#include "carteiro/mime/address_list.hpp"

using namespace carteiro::mime;

namespace {
// (name route mailbox host) with "NIL" for absent parts, for one-line assertions.
std::string show(const std::vector<EnvelopeAddress>& list) {
  auto s = [](const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : std::string("NIL"); };
  std::string out;
  for (const auto& a : list) out += "(" + s(a.name) + " " + s(a.route) + " " + s(a.mailbox) + " " + s(a.host) + ")";
  return out;
}
}  // namespace

TEST_CASE("mailboxes: name-addr and addr-spec") {
  CHECK(show(parse_address_list("\"Bob Example\" <bob@example.org>")) ==
        "(\"Bob Example\" NIL \"bob\" \"example.org\")");
  CHECK(show(parse_address_list("bob@example.org")) == "(NIL NIL \"bob\" \"example.org\")");
  CHECK(show(parse_address_list("Bob  Q. Example <bob@example.org>, c@d")) ==
        "(\"Bob Q. Example\" NIL \"bob\" \"example.org\")(NIL NIL \"c\" \"d\")");
  CHECK(show(parse_address_list("<bob@example.org>")) == "(NIL NIL \"bob\" \"example.org\")");
}

TEST_CASE("display names stay raw, quoted-pairs are undone") {
  CHECK(show(parse_address_list("=?utf-8?q?Jos=C3=A9?= <j@x.org>")) ==
        "(\"=?utf-8?q?Jos=C3=A9?=\" NIL \"j\" \"x.org\")");
  CHECK(show(parse_address_list("\"a \\\"b\\\" c\" <j@x.org>")) == "(\"a \"b\" c\" NIL \"j\" \"x.org\")");
}

TEST_CASE("comments: skipped, or the name of a bare addr-spec") {
  CHECK(show(parse_address_list("bob@example.org (Bob Example)")) ==
        "(\"Bob Example\" NIL \"bob\" \"example.org\")");
  CHECK(show(parse_address_list("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>")) ==
        "(\"Pete\" NIL \"pete\" \"silly.test\")");
}

TEST_CASE("groups (RFC 3501 section 7.4.2 markers)") {
  CHECK(show(parse_address_list("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;")) ==
        "(NIL NIL \"A Group\" NIL)(\"Ed Jones\" NIL \"c\" \"a.test\")(NIL NIL \"joe\" \"where.test\")"
        "(\"John\" NIL \"jdoe\" \"one.test\")(NIL NIL NIL NIL)");
  CHECK(show(parse_address_list("undisclosed-recipients:;")) ==
        "(NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)");
  CHECK(show(parse_address_list("g: a@b")) == "(NIL NIL \"g\" NIL)(NIL NIL \"a\" \"b\")(NIL NIL NIL NIL)");
}

TEST_CASE("obsolete forms: routes, quoted local part, domain literal, missing domain") {
  CHECK(show(parse_address_list("<@relay1.test,@relay2.test:bob@example.org>")) ==
        "(NIL \"@relay1.test,@relay2.test\" \"bob\" \"example.org\")");
  CHECK(show(parse_address_list("\"john doe\"@example.org")) == "(NIL NIL \"john doe\" \"example.org\")");
  CHECK(show(parse_address_list("root@[192.0.2.1]")) == "(NIL NIL \"root\" \"[192.0.2.1]\")");
  CHECK(show(parse_address_list("root")) == "(NIL NIL \"root\" \"\")");
  CHECK(show(parse_address_list("Joe <joe>")) == "(\"Joe\" NIL \"joe\" \"\")");
}

TEST_CASE("garbage gives what can be parsed and never hangs") {
  CHECK(show(parse_address_list("")) == "");
  CHECK(show(parse_address_list(" , ,, ")) == "");
  CHECK(show(parse_address_list("<>")) == "");
  CHECK(show(parse_address_list(";;>>@@::")).size() < 200);
  CHECK(show(parse_address_list("\"unterminated <a@b>")) == "(NIL NIL \"unterminated <a@b>\" \"\")");
  CHECK(show(parse_address_list("a@b, (unterminated comment")) == "(NIL NIL \"a\" \"b\")");
  CHECK(show(parse_address_list("x <a@b")) == "(\"x\" NIL \"a\" \"b\")");
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "<@a,";
  CHECK(parse_address_list(many).size() < 20001);
}
