// auth::decode_plain and decode_login_step (sasl.hpp): decoded credentials are well-formed
// (non-empty user and password, no NUL inside a field) and encode back to an equal value.
// auth::SaslExchange (sasl_exchange.hpp), driven with the input's lines as the client's,
// with PLAIN and LOGIN, with the first line as initial response and without: it ends within
// its steps, asks only its own challenges, and hands out only well-formed credentials.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "carteiro/auth/sasl.hpp"
#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/base64.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::auth;

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (;;) {
    auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) return lines;
    text.remove_prefix(end + 1);
  }
}

void drive(std::string_view mechanism, bool initial, const std::vector<std::string_view>& lines) {
  std::size_t next = 0;
  SaslExchange exchange(mechanism, initial ? std::optional(lines[next++]) : std::nullopt);
  auto step = exchange.start();
  std::size_t challenges = 0;
  while (auto* challenge = std::get_if<SaslChallenge>(&step)) {
    FUZZ_CHECK(++challenges <= 2);  // PLAIN asks at most once, LOGIN at most twice
    FUZZ_CHECK(challenge->base64.empty() || challenge->base64 == kLoginUsernamePrompt ||
               challenge->base64 == kLoginPasswordPrompt);
    if (next == lines.size()) return;  // the client went away mid-exchange
    step = exchange.step(lines[next++]);
  }
  if (auto* c = std::get_if<Credentials>(&step)) {
    FUZZ_CHECK(!c->username.empty() && !c->password.empty());
    FUZZ_CHECK(c->authzid.empty() || c->authzid == c->username);
    for (const std::string* field : {&c->authzid, &c->username, &c->password})
      FUZZ_CHECK(field->find('\0') == std::string::npos);
  }
  if (auto* failure = std::get_if<SaslFailure>(&step)) {
    bool long_line = false;
    for (std::size_t i = 0; i < next; ++i) long_line = long_line || lines[i].size() > kMaxSaslResponse;
    FUZZ_CHECK((failure->error == SaslError::too_long) == long_line);
    FUZZ_CHECK(failure->error != SaslError::unknown_mechanism);
    FUZZ_CHECK(!describe(failure->error).empty());
  }
  // A cancellation answers a challenge; an initial response cannot cancel.
  if (std::holds_alternative<SaslCancelled>(step)) FUZZ_CHECK(challenges > 0);
}

}  // namespace

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

  auto lines = lines_of(text);
  for (std::string_view mechanism : {"PLAIN", "LOGIN"}) {
    drive(mechanism, false, lines);
    drive(mechanism, true, lines);
  }
  return 0;
}
