#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/base64.hpp"

using namespace carteiro;
using namespace carteiro::auth;

namespace {

// PLAIN's message (RFC 4616 section 2), base64-encoded.
std::string plain(std::string_view authzid, std::string_view user, std::string_view password) {
  std::string raw(authzid);
  raw += '\0';
  raw += user;
  raw += '\0';
  raw += password;
  return base64_encode(raw);
}

bool is_challenge(const SaslStep& step, std::string_view base64) {
  auto* challenge = std::get_if<SaslChallenge>(&step);
  return challenge && challenge->base64 == base64;
}

bool is_failure(const SaslStep& step, SaslError error) {
  auto* failure = std::get_if<SaslFailure>(&step);
  return failure && failure->error == error;
}

bool is_cancelled(const SaslStep& step) { return std::holds_alternative<SaslCancelled>(step); }

bool has_credentials(const SaslStep& step, std::string_view user, std::string_view password,
                     std::string_view authzid = {}) {
  auto* c = std::get_if<Credentials>(&step);
  return c && c->username == user && c->password == password && c->authzid == authzid;
}

}  // namespace

TEST_CASE("sasl exchange: PLAIN with an initial response is done at once") {
  SaslExchange exchange("PLAIN", plain("", "bob@example.test", "secret"));
  CHECK(has_credentials(exchange.start(), "bob@example.test", "secret"));
}

TEST_CASE("sasl exchange: PLAIN without an initial response sends an empty challenge") {
  SaslExchange exchange("PLAIN", std::nullopt);
  CHECK(is_challenge(exchange.start(), ""));
  CHECK(has_credentials(exchange.step(plain("", "bob", "secret")), "bob", "secret"));
}

TEST_CASE("sasl exchange: \"=\" is an empty initial response, not a missing one") {
  // RFC 4954 section 4, RFC 5034 section 4, RFC 4959 section 3. Empty is no PLAIN
  // message and no LOGIN user name; POP3's parser hands it over already as "".
  for (std::string_view empty : {"=", ""}) {
    CHECK(is_failure(SaslExchange("PLAIN", empty).start(), SaslError::malformed_plain));
    CHECK(is_failure(SaslExchange("LOGIN", empty).start(), SaslError::malformed_username));
  }
}

TEST_CASE("sasl exchange: LOGIN asks for the user name, then the password") {
  SaslExchange exchange("LOGIN", std::nullopt);
  auto first = exchange.start();
  CHECK(is_challenge(first, "VXNlcm5hbWU6"));  // "Username:"
  CHECK(is_challenge(exchange.step(base64_encode("bob")), "UGFzc3dvcmQ6"));  // "Password:"
  CHECK(has_credentials(exchange.step(base64_encode("secret")), "bob", "secret"));
}

TEST_CASE("sasl exchange: LOGIN's initial response is the user name") {
  SaslExchange exchange("LOGIN", base64_encode("bob"));
  CHECK(is_challenge(exchange.start(), kLoginPasswordPrompt));
  CHECK(has_credentials(exchange.step(base64_encode("secret")), "bob", "secret"));
}

TEST_CASE("sasl exchange: \"*\" cancels at every step") {
  SaslExchange plain_exchange("PLAIN", std::nullopt);
  plain_exchange.start();
  CHECK(is_cancelled(plain_exchange.step("*")));

  SaslExchange at_user("LOGIN", std::nullopt);
  at_user.start();
  CHECK(is_cancelled(at_user.step("*")));

  SaslExchange at_password("LOGIN", std::nullopt);
  at_password.start();
  at_password.step(base64_encode("bob"));
  CHECK(is_cancelled(at_password.step("*")));

  SaslExchange typed("PLAIN", std::nullopt);
  typed.start();
  CHECK(is_cancelled(typed.step(" * ")));  // blanks typed around it are forgiven

  // An initial response answers no challenge: "*" there is just not base64.
  CHECK(is_failure(SaslExchange("PLAIN", "*").start(), SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("LOGIN", "*").start(), SaslError::malformed_username));
}

TEST_CASE("sasl exchange: responses that are not base64") {
  SaslExchange plain_exchange("PLAIN", std::nullopt);
  plain_exchange.start();
  CHECK(is_failure(plain_exchange.step("not base64!"), SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("PLAIN", "AGJvYgBzZWNyZXQ").start(), SaslError::malformed_plain));  // no padding

  SaslExchange user("LOGIN", std::nullopt);
  user.start();
  CHECK(is_failure(user.step("Ym9i!"), SaslError::malformed_username));

  SaslExchange password("LOGIN", base64_encode("bob"));
  password.start();
  CHECK(is_failure(password.step("c2VjcmV0!"), SaslError::malformed_password));
}

TEST_CASE("sasl exchange: a response over the limit is refused as too long") {
  std::string longest(kMaxSaslResponse, 'A');  // valid base64, but no PLAIN message
  SaslExchange at_limit("PLAIN", std::nullopt);
  at_limit.start();
  CHECK(is_failure(at_limit.step(longest), SaslError::malformed_plain));

  SaslExchange over("PLAIN", std::nullopt);
  over.start();
  CHECK(is_failure(over.step(longest + "AAAA"), SaslError::too_long));

  SaslExchange login_over("LOGIN", base64_encode("bob"));
  login_over.start();
  CHECK(is_failure(login_over.step(std::string(100000, 'x')), SaslError::too_long));

  CHECK(is_failure(SaslExchange("PLAIN", longest + "AAAA").start(), SaslError::too_long));
  CHECK(is_failure(SaslExchange("LOGIN", longest + "AAAA").start(), SaslError::too_long));
}

TEST_CASE("sasl exchange: binary input and NUL bytes") {
  std::string binary("\0\x01\xff\r\n\0", 6);
  SaslExchange raw("PLAIN", std::nullopt);
  raw.start();
  CHECK(is_failure(raw.step(binary), SaslError::malformed_plain));

  SaslExchange user("LOGIN", std::nullopt);
  user.start();
  CHECK(is_failure(user.step(base64_encode(std::string("b\0b", 3))), SaslError::malformed_username));

  SaslExchange password("LOGIN", base64_encode("bob"));
  password.start();
  CHECK(is_failure(password.step(base64_encode(std::string("se\0cret", 7))), SaslError::malformed_password));

  // Bytes other than NUL are the client's business (a password is octets).
  CHECK(has_credentials(SaslExchange("PLAIN", plain("", "bob", "\xff\xfe")).start(), "bob", "\xff\xfe"));
}

TEST_CASE("sasl exchange: PLAIN's authorization identity may only name the user itself") {
  CHECK(has_credentials(SaslExchange("PLAIN", plain("bob", "bob", "pw")).start(), "bob", "pw", "bob"));
  CHECK(is_failure(SaslExchange("PLAIN", plain("alice", "bob", "pw")).start(), SaslError::foreign_authzid));
}

TEST_CASE("sasl exchange: PLAIN needs exactly three fields, user and password not empty") {
  CHECK(is_failure(SaslExchange("PLAIN", base64_encode("bobsecret")).start(), SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("PLAIN", base64_encode(std::string("bob\0secret", 10))).start(),
                   SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("PLAIN", base64_encode(std::string("\0bob\0pw\0x", 9))).start(),
                   SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("PLAIN", plain("", "", "pw")).start(), SaslError::malformed_plain));
  CHECK(is_failure(SaslExchange("PLAIN", plain("", "bob", "")).start(), SaslError::malformed_plain));
}

TEST_CASE("sasl exchange: mechanisms") {
  CHECK(SaslExchange::supported("PLAIN"));
  CHECK(SaslExchange::supported("login"));
  CHECK_FALSE(SaslExchange::supported("CRAM-MD5"));
  CHECK_FALSE(SaslExchange::supported(""));
  CHECK(is_failure(SaslExchange("CRAM-MD5", std::nullopt).start(), SaslError::unknown_mechanism));
  CHECK(is_failure(SaslExchange("XOAUTH2", "dXNlcg==").start(), SaslError::unknown_mechanism));
  CHECK(is_challenge(SaslExchange("plain", std::nullopt).start(), ""));
  CHECK(describe(SaslError::unknown_mechanism) == "Unsupported authentication mechanism");
  CHECK(describe(SaslError::too_long) == "Authentication response too long");
}
