// auth::decode_plain and decode_login_step (sasl.hpp): decoded credentials are well-formed
// (non-empty user and password, no NUL inside a field) and encode back to an equal value.
#include <cstdint>
#include <string>

#include "carteiro/auth/sasl.hpp"
#include "carteiro/common/base64.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = carteiro::fuzz::as_text(data, size);

  if (auto c = carteiro::auth::decode_plain(text)) {
    FUZZ_CHECK(!c->username.empty() && !c->password.empty());
    for (const std::string* field : {&c->authzid, &c->username, &c->password})
      FUZZ_CHECK(field->find('\0') == std::string::npos);
    std::string raw = c->authzid + '\0' + c->username + '\0' + c->password;
    auto again = carteiro::auth::decode_plain(carteiro::base64_encode(raw));
    FUZZ_CHECK(again && again->authzid == c->authzid && again->username == c->username &&
               again->password == c->password);
  }
  if (auto step = carteiro::auth::decode_login_step(text)) {
    FUZZ_CHECK(!step->empty() && step->find('\0') == std::string::npos);
    FUZZ_CHECK(carteiro::auth::decode_login_step(carteiro::base64_encode(*step)) == step);
  }
  // The raw bytes as a client's PLAIN message, whatever they hold.
  carteiro::auth::decode_plain(carteiro::base64_encode(text));
  return 0;
}
