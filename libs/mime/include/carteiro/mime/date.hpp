#pragma once
// RFC 5322 section 3.3 date-time (with the obsolete forms of section 4.3).
#include <cstdint>
#include <optional>
#include <string_view>

namespace carteiro::mime {

struct DateTime {
  std::int64_t unix_seconds = 0;  // the instant, UTC
  int zone_minutes = 0;           // the zone it was written in, minutes east of UTC
  // Days since 1970-01-01 of the calendar date as written (in its own zone).
  std::int64_t local_day() const;
};

// "Tue, 15 Jan 2008 10:20:30 +0100" -> {1200388830, 60}; nullopt if unparseable.
std::optional<DateTime> parse_date_time(std::string_view value);
// Just the instant: unix seconds (UTC).
std::optional<std::int64_t> parse_date(std::string_view value);

}  // namespace carteiro::mime
