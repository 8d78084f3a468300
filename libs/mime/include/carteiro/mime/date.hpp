#pragma once
// RFC 5322 section 3.3 date-time (with the obsolete forms of section 4.3).
#include <cstdint>
#include <optional>
#include <string_view>

namespace carteiro::mime {

// "Tue, 15 Jan 2008 10:20:30 +0100" -> unix seconds (UTC); nullopt if unparseable.
std::optional<std::int64_t> parse_date(std::string_view value);

}  // namespace carteiro::mime
