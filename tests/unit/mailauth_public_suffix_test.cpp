// The Public Suffix List's format and matching rules (https://publicsuffix.org/list/), and
// the organizational domain of RFC 7489 section 3.2 taken from it.
#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "carteiro/mailauth/dmarc.hpp"

using carteiro::mailauth::dmarc::PublicSuffixList;
using namespace std::string_view_literals;

namespace {

// A small list in the file's own shape: both sections, wildcards, exceptions, comments,
// rules with trailing text, CRLF line ends and a UTF-8 label.
const char* const kList =
    "// This Source Code Form is subject to ... (a comment)\n"
    "\n"
    "// ===BEGIN ICANN DOMAINS===\n"
    "com\n"
    "uk\n"
    "co.uk\r\n"
    "jp\n"
    "kyoto.jp\n"
    "*.kobe.jp\n"
    "!city.kobe.jp\n"
    "*.ck\n"
    "!www.ck\n"
    "US\n"
    "ak.us\n"
    "k12.ak.us\n"
    "\xd1\x80\xd1\x84\n"  // "рф"
    "\xd0\xbe\xd0\xb1\xd1\x80.\xd1\x80\xd1\x84 this text after a blank is ignored\n"
    "// ===END ICANN DOMAINS===\n"
    "// ===BEGIN PRIVATE DOMAINS===\n"
    "blogspot.com\n"
    "*.compute.example.com\n"
    "// ===END PRIVATE DOMAINS===\n";

std::string org(std::string_view domain) {
  static const auto list = PublicSuffixList::parse(kList);
  return list.organizational_domain(domain);
}

}  // namespace

TEST_CASE("public suffix: plain rules") {
  CHECK(org("example.com") == "example.com");
  CHECK(org("mail.example.com") == "example.com");
  CHECK(org("a.b.c.example.com") == "example.com");
  CHECK(org("example.co.uk") == "example.co.uk");
  CHECK(org("www.example.co.uk") == "example.co.uk");
  CHECK(org("example.uk") == "example.uk");
  CHECK(org("test.k12.ak.us") == "test.k12.ak.us");
  CHECK(org("www.test.k12.ak.us") == "test.k12.ak.us");
  CHECK(org("www.test.ak.us") == "test.ak.us");
}

TEST_CASE("public suffix: a public suffix is its own organizational domain") {
  CHECK(org("com") == "com");
  CHECK(org("co.uk") == "co.uk");
  CHECK(org("k12.ak.us") == "k12.ak.us");
  CHECK(org("c.kobe.jp") == "c.kobe.jp");
}

TEST_CASE("public suffix: wildcards cover one label") {
  CHECK(org("b.c.kobe.jp") == "b.c.kobe.jp");
  CHECK(org("a.b.c.kobe.jp") == "b.c.kobe.jp");
  CHECK(org("www.example.ck") == "www.example.ck");
  CHECK(org("x.www.example.ck") == "www.example.ck");
  CHECK(org("kobe.jp") == "kobe.jp");
}

TEST_CASE("public suffix: exceptions win over wildcards") {
  CHECK(org("city.kobe.jp") == "city.kobe.jp");
  CHECK(org("www.city.kobe.jp") == "city.kobe.jp");
  CHECK(org("www.ck") == "www.ck");
  CHECK(org("mail.www.ck") == "www.ck");
}

TEST_CASE("public suffix: an unknown top-level domain follows the implicit * rule") {
  CHECK(org("example.test") == "example.test");
  CHECK(org("mx.mail.example.test") == "example.test");
  CHECK(org("localhost") == "localhost");
  CHECK(org("example.example") == "example.example");
}

TEST_CASE("public suffix: the private section counts too") {
  CHECK(org("alice.blogspot.com") == "alice.blogspot.com");
  CHECK(org("www.alice.blogspot.com") == "alice.blogspot.com");
  CHECK(org("blogspot.com") == "blogspot.com");
  CHECK(org("a.vm1.compute.example.com") == "a.vm1.compute.example.com");
  CHECK(org("b.a.vm1.compute.example.com") == "a.vm1.compute.example.com");
}

TEST_CASE("public suffix: case, trailing dots and UTF-8 labels") {
  CHECK(org("WWW.Example.CO.UK") == "example.co.uk");
  CHECK(org("www.example.com.") == "example.com");
  CHECK(org("mail.example.us") == "example.us");  // "US" in the file matches without case
  CHECK(org("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84") ==
        "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84");
  CHECK(org("a.b.\xd0\xbe\xd0\xb1\xd1\x80.\xd1\x80\xd1\x84") == "b.\xd0\xbe\xd0\xb1\xd1\x80.\xd1\x80\xd1\x84");
  // The same names as A-labels match the UTF-8 rules, and come back as they were given.
  CHECK(org("a.b.xn--90azh.xn--p1ai") == "b.xn--90azh.xn--p1ai");
  CHECK(org("a.b.XN--90AZH.xn--p1ai") == "b.xn--90azh.xn--p1ai");
  CHECK(org("a.b.xn--90azh.xn--zzzzzzzzzzzz") == "xn--90azh.xn--zzzzzzzzzzzz");
}

TEST_CASE("public suffix: malformed names and lists") {
  CHECK(org("") == "");
  CHECK(org(".") == "");
  CHECK(org("a..example.com") == "a..example.com");
  CHECK(org(".example.com") == ".example.com");
  auto empty = PublicSuffixList::parse("");
  CHECK(empty.rule_count() == 0);
  CHECK(empty.organizational_domain("a.b.example.com") == "example.com");
  auto odd = PublicSuffixList::parse("com\0x\n*\n!\n*.\n.org\nnet.\na.*.b\n\xff\xfe\n"sv);
  CHECK(odd.organizational_domain("www.example.org") == "example.org");
  CHECK(odd.organizational_domain("www.example.net") == "example.net");
  auto huge = PublicSuffixList::parse(std::string(100000, 'x') + "\ncom\n");
  CHECK(huge.rule_count() == 1);
  CHECK_THROWS_AS(PublicSuffixList::load("/nonexistent/public_suffix_list.dat"), std::runtime_error);
}

TEST_CASE("public suffix: the list Debian installs") {
  if (!std::filesystem::exists(PublicSuffixList::kDebianPath)) return;
  auto list = PublicSuffixList::load();
  CHECK(list.rule_count() > 5000);
  CHECK(list.organizational_domain("mail.example.co.uk") == "example.co.uk");
  CHECK(list.organizational_domain("www.example.com") == "example.com");
  CHECK(list.organizational_domain("a.b.example.test") == "example.test");
  CHECK(list.organizational_domain("www.example.xn--ehqz56n.jp") == "example.xn--ehqz56n.jp");
}
