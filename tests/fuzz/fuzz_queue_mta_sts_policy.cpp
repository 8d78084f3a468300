// MTA-STS (RFC 8461): the policy file, the _mta-sts TXT record and the HTTP response the
// policy comes in. Checked: a parsed policy is within the limits of section 3.2 (a known
// mode, max_age at most a year, mx patterns that match a host made from them); a
// refusal says why; the response parser decides on a prefix of the input and never
// returns a body larger than its limit.
#include <cstdint>
#include <string>

#include "carteiro/queue/http_response.hpp"
#include "carteiro/queue/mta_sts_policy.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace carteiro::queue;
  std::string_view text = carteiro::fuzz::as_text(data, size);
  std::string error;
  auto policy = parse_mta_sts_policy(text, error);
  if (!policy) {
    FUZZ_CHECK(!error.empty());
  } else {
    FUZZ_CHECK(policy->max_age >= 0 && policy->max_age <= kMtaStsMaxAge);
    FUZZ_CHECK(!policy->mx.empty() || policy->mode == MtaStsPolicy::Mode::none);
    for (const auto& pattern : policy->mx) {
      std::string host = pattern.starts_with("*.") ? "mx" + pattern.substr(1) : pattern;
      FUZZ_CHECK(mta_sts_mx_matches(pattern, host));
      FUZZ_CHECK(mta_sts_allows(*policy, host));
    }
  }
  std::string record_error;
  auto id = parse_mta_sts_record({std::string(text)}, record_error);
  FUZZ_CHECK(id ? (!id->empty() && id->size() <= 32) : !record_error.empty());

  constexpr std::size_t kLimit = 1024;
  auto open = parse_http_response(text, false, kLimit);
  auto closed = parse_http_response(text, true, kLimit);
  FUZZ_CHECK(closed.state != HttpResponse::State::incomplete);
  if (open.state == HttpResponse::State::complete) {
    FUZZ_CHECK(closed.state == HttpResponse::State::complete);
    FUZZ_CHECK(closed.body == open.body);
  }
  if (closed.state == HttpResponse::State::complete) FUZZ_CHECK(closed.body.size() <= kLimit);
  if (closed.state == HttpResponse::State::malformed) FUZZ_CHECK(!closed.error.empty());
  return 0;
}
