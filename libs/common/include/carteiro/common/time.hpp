#pragma once
#include <cstdint>
#include <string>

namespace carteiro {

std::int64_t unix_now();                          // seconds since the epoch
std::string iso8601_now();                        // 2026-11-23T14:00:00.123Z, for logs
// RFC 5322 section 3.3 date-time, e.g. "Mon, 23 Nov 2026 14:00:00 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);
// RFC 3501 date-time for INTERNALDATE, e.g. "23-Nov-2026 14:00:00 +0000".
std::string imap_date_time(std::int64_t unix_seconds);

}  // namespace carteiro
