#pragma once
// The priority a mail client asked for in the message's header, for a message submitted
// without MT-PRIORITY (RFC 6710 lets the submission server assign one).
#include <optional>
#include <string_view>

namespace carteiro::delivery {

// RFC 6710's MIXER policy: its levels as MT-PRIORITY values.
inline constexpr int kNonUrgentPriority = -4;
inline constexpr int kNormalPriority = 0;
inline constexpr int kUrgentPriority = 4;

// Read from the first of these fields that has a value we know, on the MIXER policy's
// three levels:
//   Priority: urgent | normal | non-urgent    (RFC 2156 section 5.3.6, MIXER's own field)
//   Importance: high | normal | low           (RFC 2156 section 5.3.4)
//   X-Priority: 1 (Highest) .. 5 (Lowest)     (mail clients' custom: 1-2 high, 3 normal)
// nullopt when none says anything.
std::optional<int> header_priority(std::string_view message);

}  // namespace carteiro::delivery
