#pragma once
// Message transfer priorities (RFC 6710): the value of the MAIL parameter MT-PRIORITY,
// from -9 (lowest) to 9 (highest), 0 being a message without a priority. Pure: no I/O.
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::smtpwire {

inline constexpr int kMinPriority = -9;
inline constexpr int kMaxPriority = 9;

// The priority assignment policy this server follows (RFC 6710), named after
// the keyword in EHLO: MIXER (RFC 2156) has three levels, non-urgent (-4), normal (0) and
// urgent (4) (delivery/priority.hpp reads them from the header); other values still
// order the queue.
inline constexpr std::string_view kPriorityPolicy = "MIXER";

// RFC 6710 (its ABNF):
//   priority-value = ( [priority-sign] NZDIGIT ) / "0"
//   priority-sign = "-" / "+"
// nullopt for anything else ("00", "-0", "10", "", bytes that are no digits).
std::optional<int> parse_priority(std::string_view value);
// The value as the client writes it: "-4", "0", "4".
std::string priority_text(int priority);

}  // namespace carteiro::smtpwire
