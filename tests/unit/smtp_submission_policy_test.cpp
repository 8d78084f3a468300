#include <doctest/doctest.h>

#include "carteiro/smtp/message_headers.hpp"
#include "carteiro/smtp/own_addresses.hpp"
#include "carteiro/smtp/sending_rate.hpp"

using namespace carteiro;
using namespace carteiro::smtp;

namespace {
const OwnAddresses kBob{"bob@example.test", {"sales@example.test"}};

AuthorVerdict check(std::string_view header) {
  std::string message = std::string(header) + "\r\nbody\r\n";
  auto index = index_headers(message);
  return check_authors(message, index, kBob);
}
}  // namespace

TEST_CASE("own addresses: the account, its +tags and its own aliases, case-insensitively") {
  CHECK(kBob.owns(*parse_address("bob@example.test")));
  CHECK(kBob.owns(*parse_address("Bob@EXAMPLE.test")));
  CHECK(kBob.owns(*parse_address("bob+lists@example.test")));
  CHECK(kBob.owns(*parse_address("sales@example.test")));
  CHECK(kBob.owns(*parse_address("sales+x@example.test")));
  CHECK_FALSE(kBob.owns(*parse_address("alice@example.test")));
  CHECK_FALSE(kBob.owns(*parse_address("bob@example.org")));
  CHECK(kBob.summary(5) == "bob@example.test (+tag allowed), sales@example.test");
  OwnAddresses many{"a@x.test", {"b@x.test", "c@x.test", "d@x.test"}};
  CHECK(many.summary(1) == "a@x.test (+tag allowed), b@x.test and 2 more");
}

TEST_CASE("author check: From: and Sender: must be the account's own") {
  CHECK(check("From: Bob <bob@example.test>\r\n").result == AuthorCheck::ok);
  CHECK(check("From: bob+tag@Example.Test\r\n").result == AuthorCheck::ok);
  CHECK(check("From: \"Sales\" <sales@example.test>\r\nSender: bob@example.test\r\n").result == AuthorCheck::ok);
  CHECK(check("from:\r\n  bob@example.test\r\n").result == AuthorCheck::ok);  // folded
  auto foreign = check("From: Boss <ceo@bank.test>\r\n");
  CHECK(foreign.result == AuthorCheck::not_owned);
  CHECK(foreign.field == "From");
  CHECK(foreign.address == "ceo@bank.test");
  CHECK(check("From: bob@example.test, ceo@bank.test\r\n").result == AuthorCheck::not_owned);
  auto sender = check("From: bob@example.test\r\nSender: ceo@bank.test\r\n");
  CHECK(sender.result == AuthorCheck::not_owned);
  CHECK(sender.field == "Sender");
  CHECK(check("Subject: hi\r\n").result == AuthorCheck::missing);
  CHECK(check("From: bob@example.test\r\nFrom: bob@example.test\r\n").result == AuthorCheck::malformed);
  CHECK(check("From: bob\r\n").result == AuthorCheck::malformed);
  CHECK(check("From: \r\n").result == AuthorCheck::malformed);
  CHECK(check("From: undisclosed:;\r\n").result == AuthorCheck::malformed);
}

TEST_CASE("sending rate: messages and recipients per account over a sliding hour") {
  SendingRate::Clock::time_point now{};
  SendingRate rate(2, 3, [&now] { return now; });
  CHECK(rate.take_message(1));
  now += std::chrono::minutes(30);
  CHECK(rate.take_message(1));
  CHECK_FALSE(rate.take_message(1));
  CHECK(rate.take_message(2));  // another account
  now += std::chrono::minutes(31);  // the first message left the window
  CHECK(rate.take_message(1));
  CHECK_FALSE(rate.take_message(1));
  for (int i = 0; i < 3; ++i) CHECK(rate.take_recipient(1));
  CHECK_FALSE(rate.take_recipient(1));
  SendingRate unlimited(0, 0);
  for (int i = 0; i < 1000; ++i) REQUIRE(unlimited.take_message(1));
}
