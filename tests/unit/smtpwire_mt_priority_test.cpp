#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtpwire/ehlo.hpp"
#include "carteiro/smtpwire/mt_priority.hpp"
#include "carteiro/smtpwire/path.hpp"
#include "carteiro/smtpwire/reply_parser.hpp"
#include "smtpwire_feed.hpp"

using namespace carteiro::smtpwire;

namespace {
CheckedParameters checked(std::string_view argument) {
  auto arg = parse_mail_argument(argument);
  REQUIRE(arg.error == ArgumentError::none);
  return check_mail_parameters(arg.parameters);
}
}  // namespace

TEST_CASE("smtpwire mt-priority: the values of RFC 6710") {
  CHECK(parse_priority("0") == 0);
  CHECK(parse_priority("9") == 9);
  CHECK(parse_priority("+3") == 3);
  CHECK(parse_priority("-9") == -9);
  CHECK(parse_priority("-1") == -1);
  const std::string_view bad_values[] = {"", "-", "+", "00", "-0", "+0", "10", "-10", "99", "1.5", "a", "4 ", " 4",
                                        "--1", "+-1", "\xff", std::string_view("\0", 1), "\xc2\xb9"};
  for (auto bad : bad_values)
    CHECK_MESSAGE(!parse_priority(bad), bad);
}

TEST_CASE("smtpwire mt-priority: the MAIL parameter") {
  auto ok = checked("FROM:<a@b.test> MT-PRIORITY=4 SIZE=10");
  CHECK(ok.error == ParameterError::none);
  CHECK(ok.values.mt_priority == 4);
  CHECK(checked("FROM:<a@b.test> mt-priority=-2").values.mt_priority == -2);
  CHECK(!checked("FROM:<a@b.test>").values.mt_priority);
  // Malformed, out of range, repeated, without a value: 501 5.5.4.
  const std::string_view bad_lines[] = {"FROM:<a@b.test> MT-PRIORITY=10", "FROM:<a@b.test> MT-PRIORITY=-10",
                               "FROM:<a@b.test> MT-PRIORITY", "FROM:<a@b.test> MT-PRIORITY=high",
                               "FROM:<a@b.test> MT-PRIORITY=1 MT-PRIORITY=2", "FROM:<a@b.test> MT-PRIORITY=\xc3\xa9",
                               "FROM:<a@b.test> MT-PRIORITY=00"};
  for (auto bad : bad_lines) {
    auto c = checked(bad);
    CHECK_MESSAGE(c.error == ParameterError::bad_value, bad);
    CHECK(c.keyword == "MT-PRIORITY");
  }
}

TEST_CASE("smtpwire mt-priority: the client writes what the server reads") {
  MailParameters p;
  p.mt_priority = -4;
  auto line = mail_command("a@b.test", p);
  CHECK(line == "MAIL FROM:<a@b.test> MT-PRIORITY=-4");
  auto back = checked(line.substr(5));
  CHECK(back.values == p);
}

TEST_CASE("smtpwire mt-priority: the EHLO keyword with its policy") {
  Extensions offered;
  offered.mt_priority = true;
  offered.priority_policy = std::string(kPriorityPolicy);
  auto lines = ehlo_keywords(offered);
  REQUIRE(lines.size() == 1);
  CHECK(lines.front() == "MT-PRIORITY MIXER");

  ReplyParser parser;
  Reply r;
  REQUIRE(smtpwire_test::feed_all(parser, {"250-mx.test", "250-MT-PRIORITY stanag4406", "250 SIZE 0"}, &r) ==
          smtpwire_test::Status::complete);
  auto e = parse_ehlo(r);
  CHECK(e.mt_priority);
  CHECK(e.priority_policy == "STANAG4406");
  Reply bare;
  ReplyParser parser2;
  REQUIRE(smtpwire_test::feed_all(parser2, {"250-mx.test", "250 MT-PRIORITY"}, &bare) ==
          smtpwire_test::Status::complete);
  CHECK(parse_ehlo(bare).mt_priority);
  CHECK(parse_ehlo(bare).priority_policy.empty());
}
