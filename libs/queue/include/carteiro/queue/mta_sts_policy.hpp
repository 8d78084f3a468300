#pragma once
// MTA-STS (RFC 8461): the `_mta-sts` TXT record that announces a policy, the policy file
// served over HTTPS, and whether an MX host name is one the policy allows. Pure: no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::queue {

// Section 3.2: the longest time a policy may be cached (about a year).
inline constexpr std::int64_t kMtaStsMaxAge = 31557600;
// Section 3.3 leaves the limit to senders; no real policy comes near it.
inline constexpr std::size_t kMtaStsMaxPolicySize = 64 * 1024;

struct MtaStsPolicy {
  enum class Mode { enforce, testing, none };
  Mode mode = Mode::none;
  std::vector<std::string> mx;  // patterns, lower case: "mx.example.net", "*.example.net"
  std::int64_t max_age = 0;     // seconds, at most kMtaStsMaxAge
};

std::string_view mta_sts_mode_name(MtaStsPolicy::Mode mode);

// Section 3.1: of the TXT records at _mta-sts.<domain>, those starting "v=STSv1" count;
// there must be exactly one and it must be well-formed. Its id, or nullopt and ERROR.
std::optional<std::string> parse_mta_sts_record(const std::vector<std::string>& txt_records, std::string& error);

// Section 3.2: the policy file ("key: value" lines ending in LF or CRLF). nullopt and
// ERROR when it is not a valid STSv1 policy.
std::optional<MtaStsPolicy> parse_mta_sts_policy(std::string_view text, std::string& error);

// Section 4.1: HOST (an MX host name, any case, a trailing dot allowed) matches PATTERN
// exactly, or PATTERN is "*.<rest>" and HOST is one label followed by "<rest>".
bool mta_sts_mx_matches(std::string_view pattern, std::string_view host);
bool mta_sts_allows(const MtaStsPolicy& policy, std::string_view host);

}  // namespace carteiro::queue
