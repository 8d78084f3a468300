#include <doctest/doctest.h>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/password.hpp"
#include "carteiro/auth/sasl.hpp"
#include "carteiro/common/base64.hpp"

using namespace carteiro;
using namespace carteiro::auth;

TEST_CASE("password: salted scrypt hashes verify, differ per salt, reject wrong passwords") {
  ScryptCost cheap{10, 8, 1};
  auto h1 = hash_password("correct horse", cheap);
  auto h2 = hash_password("correct horse", cheap);
  CHECK(h1.rfind("$scrypt$ln=10,r=8,p=1$", 0) == 0);
  CHECK(h1 != h2);  // salted
  CHECK(h1.find("correct horse") == std::string::npos);
  CHECK(verify_password("correct horse", h1));
  CHECK(verify_password("correct horse", h2));
  CHECK_FALSE(verify_password("correct hors", h1));
  CHECK_FALSE(verify_password("", h1));
}

TEST_CASE("password: the default cost is slow enough") {
  auto h = hash_password("x");
  CHECK(h.rfind("$scrypt$ln=15,r=8,p=1$", 0) == 0);
}

TEST_CASE("password: malformed stored hashes never verify") {
  for (auto bad : {"", "plain", "$scrypt$", "$scrypt$ln=10,r=8,p=1$c2FsdA==$",
                   "$scrypt$ln=99,r=8,p=1$c2FsdA==$AAAA", "$bcrypt$ln=10,r=8,p=1$c2FsdA==$AAAA",
                   "$scrypt$ln=10,r=8$c2FsdA==$AAAA", "$scrypt$ln=10,r=8,p=1$!!!!$AAAA"})
    CHECK_FALSE(verify_password("x", bad));
}

TEST_CASE("sasl: PLAIN") {
  auto c = decode_plain(base64_encode(std::string("\0bob@example.test\0secret", 24)));
  REQUIRE(c);
  CHECK(c->authzid.empty());
  CHECK(c->username == "bob@example.test");
  CHECK(c->password == "secret");
  auto z = decode_plain(base64_encode(std::string("admin\0bob\0pw", 12)));
  REQUIRE(z);
  CHECK(z->authzid == "admin");
  CHECK_FALSE(decode_plain("not base64!"));
  CHECK_FALSE(decode_plain(base64_encode("bobsecret")));                           // no NULs
  CHECK_FALSE(decode_plain(base64_encode(std::string("\0bob", 4))));               // one NUL
  CHECK_FALSE(decode_plain(base64_encode(std::string("\0\0secret", 8))));          // empty user
  CHECK_FALSE(decode_plain(base64_encode(std::string("\0bob\0", 5))));             // empty password
  CHECK_FALSE(decode_plain(base64_encode(std::string("\0bob\0pw\0x", 9))));        // extra NUL
  CHECK_FALSE(decode_plain(base64_encode(std::string(1, '\0') + std::string(300, 'u') + '\0' + "pw")));
  CHECK_FALSE(decode_plain(""));
}

TEST_CASE("sasl: LOGIN steps") {
  CHECK(decode_login_step(base64_encode("bob")) == "bob");
  CHECK(base64_decode(kLoginUsernamePrompt) == "Username:");
  CHECK(base64_decode(kLoginPasswordPrompt) == "Password:");
  CHECK_FALSE(decode_login_step("*"));
  CHECK_FALSE(decode_login_step(""));
  CHECK_FALSE(decode_login_step(base64_encode(std::string("a\0b", 3))));
}
