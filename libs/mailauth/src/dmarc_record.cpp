// Placeholder until the DMARC record parser lands: every record is refused.
#include "carteiro/mailauth/dmarc.hpp"

namespace carteiro::mailauth::dmarc {

std::string_view policy_name(Policy policy) {
  switch (policy) {
    case Policy::none:
      return "none";
    case Policy::quarantine:
      return "quarantine";
    case Policy::reject:
      return "reject";
  }
  return "none";
}

std::variant<Record, RecordError> parse_record(std::string_view) { return RecordError{"not implemented"}; }

}  // namespace carteiro::mailauth::dmarc
