// The cases of mailauth_spf_interop_cases.txt, whose results pyspf gives too
// (mailauth_spf_pyspf.py checks that side): the same DNS data, the same results.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "carteiro/mailauth/spf.hpp"
#include "mailauth_spf_fake_dns.hpp"

using namespace carteiro::mailauth;

TEST_CASE("spf interop: the cases pyspf agrees on") {
  std::ifstream file(std::string(CARTEIRO_SOURCE_DIR) + "/tests/unit/mailauth_spf_interop_cases.txt");
  REQUIRE(file);
  testing::FakeDns dns;
  struct Case {
    std::string ip, mail_from, helo, expected;
  };
  std::vector<Case> cases;
  std::string line;
  while (std::getline(file, line)) {
    std::istringstream words(line);
    std::string kind, first, second;
    words >> kind >> first;
    if (kind.empty() || kind.front() == '#') continue;
    if (kind == "txt") {
      std::getline(words >> std::ws, second);
      dns.txt(first, second);
    } else if (kind == "a" && words >> second) {
      dns.a(first, second);
    } else if (kind == "mx" && words >> second) {
      dns.mx(first, second);
    } else if (kind == "ptr" && words >> second) {
      dns.ptr(first, second);
    } else if (kind == "timeout") {
      dns.fail(first);
    } else if (kind == "check") {
      Case c{first, {}, {}, {}};
      words >> c.mail_from >> c.helo >> c.expected;
      cases.push_back(c);
    } else {
      FAIL("unreadable line: ", line);
    }
  }
  CHECK(cases.size() > 40);
  for (const auto& c : cases) {
    INFO(c.ip, " ", c.mail_from, " ", c.helo);
    auto outcome = spf_for_mail_from(dns, asio::ip::make_address(c.ip), c.mail_from == "<>" ? "" : c.mail_from,
                                     c.helo);
    CHECK(spf_result_name(outcome.result) == c.expected);
  }
}
