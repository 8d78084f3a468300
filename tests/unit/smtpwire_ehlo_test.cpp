#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "carteiro/smtpwire/ehlo.hpp"
#include "carteiro/smtpwire/reply_parser.hpp"
#include "smtpwire_feed.hpp"

using namespace carteiro::smtpwire;
using smtpwire_test::feed_all;
using smtpwire_test::Status;

TEST_CASE("smtpwire ehlo: extensions offered") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p,
                   {"250-mx.remote.test greets you", "250-PIPELINING", "250-SIZE 10240000", "250-starttls",
                    "250-8BITMIME", "250-SMTPUTF8", "250-AUTH PLAIN login", "250 ENHANCEDSTATUSCODES"},
                   &r) == Status::complete);
  auto e = parse_ehlo(r);
  CHECK(e.pipelining);
  CHECK(e.size);
  CHECK(e.size_limit == 10240000);
  CHECK(e.starttls);
  CHECK(e.eight_bit_mime);
  CHECK(e.smtputf8);
  CHECK(e.offers_auth("PLAIN"));
  CHECK(e.offers_auth("login"));
  CHECK(!e.offers_auth("CRAM-MD5"));
}

TEST_CASE("smtpwire ehlo: odd lines are ignored, the greeting line is not a keyword") {
  ReplyParser p;
  Reply r;
  REQUIRE(feed_all(p, {"250-PIPELINING", "250-SIZE lots", "250-=weird", "250-SIZE 99999999999999999999999", "250 -X"},
                   &r) == Status::complete);
  auto e = parse_ehlo(r);
  CHECK(!e.pipelining);  // first line is the server's name
  CHECK(e.size);
  CHECK(e.size_limit == 0);
}

TEST_CASE("smtpwire ehlo: the server's keywords, in its order") {
  Extensions offered{.pipelining = true, .size = true, .size_limit = 26214400, .eight_bit_mime = true,
                     .enhanced_status_codes = true, .smtputf8 = true, .chunking = true, .help = true};
  CHECK(ehlo_keywords(offered) == std::vector<std::string>{"PIPELINING", "SIZE 26214400", "8BITMIME",
                                                            "ENHANCEDSTATUSCODES", "SMTPUTF8", "CHUNKING", "HELP"});
  offered.starttls = true;
  offered.auth = {"PLAIN", "LOGIN"};
  auto keywords = ehlo_keywords(offered);
  REQUIRE(keywords.size() == 9);
  CHECK(keywords[6] == "STARTTLS");
  CHECK(keywords[7] == "AUTH PLAIN LOGIN");
  CHECK(ehlo_keywords(Extensions{}).empty());
}

TEST_CASE("smtpwire ehlo: what the server advertises, the client reads back") {
  auto advertised = [](const Extensions& offered) {
    Reply reply{250, "", {"mx.test"}};
    for (auto& keyword : ehlo_keywords(offered)) reply.lines.push_back(keyword);
    return reply;
  };
  Extensions offered{.pipelining = true, .size = true, .size_limit = 1000, .smtputf8 = true, .starttls = true,
                     .auth = {"PLAIN", "LOGIN"}};
  CHECK(parse_ehlo(advertised(offered)) == offered);
  Extensions unlimited{.size = true};  // SIZE without a limit: "SIZE 0" (RFC 1870 section 4)
  CHECK(advertised(unlimited).lines.back() == "SIZE 0");
  CHECK(parse_ehlo(advertised(unlimited)) == unlimited);
}
