#include <doctest/doctest.h>

#include <algorithm>

#include "carteiro/pop3/banner.hpp"
#include "carteiro/pop3/capabilities.hpp"

using namespace carteiro::pop3;

namespace {
bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}
}  // namespace

TEST_CASE("pop3 capabilities: before login, plaintext allowed, TLS offered") {
  auto caps = capabilities({.authorization = true, .plaintext_allowed = true, .stls_available = true});
  for (auto expected : {"TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "USER", "SASL PLAIN LOGIN", "STLS",
                        "IMPLEMENTATION Carteiro"})
    CHECK(has(caps, expected));
}

TEST_CASE("pop3 capabilities: no plaintext login offered where it would be refused") {
  auto caps = capabilities({.authorization = true, .plaintext_allowed = false, .stls_available = true});
  CHECK_FALSE(has(caps, "USER"));
  CHECK_FALSE(has(caps, "SASL PLAIN LOGIN"));
  CHECK(has(caps, "STLS"));
}

TEST_CASE("pop3 capabilities: after login, or on TLS already, no STLS or login mechanisms") {
  auto caps = capabilities({.authorization = false, .plaintext_allowed = true, .stls_available = true});
  CHECK_FALSE(has(caps, "STLS"));
  CHECK_FALSE(has(caps, "USER"));
  CHECK(has(caps, "TOP"));
  CHECK_FALSE(has(capabilities({.authorization = true, .plaintext_allowed = true, .stls_available = false}), "STLS"));
}

TEST_CASE("pop3 banner: an APOP timestamp is msg-id shaped and never repeats") {
  auto a = make_apop_timestamp("mail.example.test");
  auto b = make_apop_timestamp("mail.example.test");
  CHECK(a != b);
  CHECK(a.front() == '<');
  CHECK(a.back() == '>');
  CHECK(a.find("@mail.example.test>") != std::string::npos);
  CHECK(a.find(' ') == std::string::npos);
}
