#include "carteiro/imap/response.hpp"

#include <fmt/format.h>

#include "carteiro/common/time.hpp"
#include "carteiro/mime/imap_format.hpp"

namespace carteiro::imap {

std::string uid_set_text(const std::vector<std::int64_t>& ascending) {
  std::string out;
  for (std::size_t i = 0; i < ascending.size();) {
    std::size_t j = i;
    while (j + 1 < ascending.size() && ascending[j + 1] == ascending[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(ascending[i]);
    if (j > i) out += ":" + std::to_string(ascending[j]);
    i = j + 1;
  }
  return out;
}

std::string imap_string(std::string_view value) {
  std::string out;
  mime::append_string(out, value);
  return out;
}

std::string imap_literal(std::string_view value) {
  std::string out = fmt::format("{{{}}}\r\n", value.size());
  out += value;
  return out;
}

std::string imap_internaldate(std::int64_t unix_seconds, std::int64_t zone_minutes) {
  // The local time of that zone, written as imap_date_time writes UTC, with the zone's
  // own offset in place of "+0000".
  auto local = imap_date_time(unix_seconds + zone_minutes * 60);
  auto magnitude = zone_minutes < 0 ? -zone_minutes : zone_minutes;
  auto zone = fmt::format("{}{:02}{:02}", zone_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  local.replace(local.size() - 5, 5, zone);
  return "\"" + local + "\"";
}

}  // namespace carteiro::imap
