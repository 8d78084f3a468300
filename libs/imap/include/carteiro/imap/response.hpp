#pragma once
// Pieces of server responses (RFC 3501 section 9 "response" rules) shared by commands.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::imap {

// A set of ascending UIDs as a compact sequence-set: {1,2,3,5} -> "1:3,5" (for COPYUID
// and APPENDUID, RFC 4315 section 3).
std::string uid_set_text(const std::vector<std::int64_t>& ascending);

// string (RFC 3501 section 9): quoted when safe, else a literal.
std::string imap_string(std::string_view value);
// A literal always: "{N}\r\n" followed by the bytes (message data in FETCH).
std::string imap_literal(std::string_view value);
// INTERNALDATE as a quoted date-time: "\"23-Nov-2026 14:00:00 +0000\"".
// "dd-Mon-yyyy hh:mm:ss +zzzz" in the zone ZONE_MINUTES east of UTC (RFC 3501 section 9).
std::string imap_internaldate(std::int64_t unix_seconds, std::int64_t zone_minutes = 0);

}  // namespace carteiro::imap
