#pragma once
// RFC 5260 date and currentdate: the date parts of an instant seen in a zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "script.hpp"

namespace carteiro::sieve {

struct ZonedTime {
  std::int64_t unix_seconds = 0;
  int zone_minutes = 0;  // east of UTC
};

// RFC 5260 section 4.2 ":zone" argument "+hhmm" / "-hhmm" -> minutes; nullopt when
// malformed.
std::optional<int> parse_zone(std::string_view text);

// The date-time a header field value carries (RFC 5322 section 3.3); for Received the one
// after its last ";" (RFC 5260 section 4.1). nullopt when there is none.
std::optional<ZonedTime> field_date(std::string_view field_name, std::string_view value);

// RFC 5260 section 4.2: the date part PART of TIME, in TIME's own zone.
std::string date_part(const ZonedTime& time, DatePart part);

}  // namespace carteiro::sieve
