// Date parts for the date and currentdate tests (RFC 5260 section 4.2).
#include "eval_date.hpp"

#include <fmt/format.h>

#include <array>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/date.hpp"

namespace carteiro::sieve {

namespace {

struct Civil {
  std::int64_t year;
  int month;
  int day;
};

// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of the usual
// era-based days-from-civil computation).
Civil civil_from_days(std::int64_t days) {
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  auto doe = static_cast<std::int64_t>(days - era * 146097);
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string zone_text(int minutes, bool colon) {
  char sign = minutes < 0 ? '-' : '+';
  int m = minutes < 0 ? -minutes : minutes;
  return colon ? fmt::format("{}{:02}:{:02}", sign, m / 60, m % 60) : fmt::format("{}{:02}{:02}", sign, m / 60, m % 60);
}

}  // namespace

std::optional<int> parse_zone(std::string_view text) {
  if (text.size() != 5 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  for (std::size_t i = 1; i < 5; ++i)
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int hours = (text[1] - '0') * 10 + (text[2] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59) return std::nullopt;
  int total = hours * 60 + minutes;
  return text[0] == '-' ? -total : total;
}

std::optional<ZonedTime> field_date(std::string_view field_name, std::string_view value) {
  if (iequals(field_name, "received")) {
    std::size_t semicolon = value.rfind(';');
    if (semicolon == std::string_view::npos) return std::nullopt;
    value = value.substr(semicolon + 1);
  }
  auto parsed = mime::parse_date_time(value);
  if (!parsed) return std::nullopt;
  return ZonedTime{parsed->unix_seconds, parsed->zone_minutes};
}

std::string date_part(const ZonedTime& time, DatePart part) {
  std::int64_t local = time.unix_seconds + std::int64_t{time.zone_minutes} * 60;
  std::int64_t days = floor_div(local, 86400);
  std::int64_t seconds_of_day = local - days * 86400;
  Civil c = civil_from_days(days);
  auto hour = static_cast<int>(seconds_of_day / 3600);
  auto minute = static_cast<int>(seconds_of_day / 60 % 60);
  auto second = static_cast<int>(seconds_of_day % 60);
  auto weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  switch (part) {
    case DatePart::year: return fmt::format("{:04}", c.year);
    case DatePart::month: return fmt::format("{:02}", c.month);
    case DatePart::day: return fmt::format("{:02}", c.day);
    case DatePart::date: return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
    case DatePart::julian: return std::to_string(days + 40587);  // Modified Julian Day
    case DatePart::hour: return fmt::format("{:02}", hour);
    case DatePart::minute: return fmt::format("{:02}", minute);
    case DatePart::second: return fmt::format("{:02}", second);
    case DatePart::time: return fmt::format("{:02}:{:02}:{:02}", hour, minute, second);
    case DatePart::iso8601:
      return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", c.year, c.month, c.day, hour, minute, second,
                         zone_text(time.zone_minutes, true));
    case DatePart::std11:
      return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} {}", kDays[static_cast<std::size_t>(weekday)], c.day,
                         kMonths[static_cast<std::size_t>(c.month - 1)], c.year, hour, minute, second,
                         zone_text(time.zone_minutes, false));
    case DatePart::zone: return zone_text(time.zone_minutes, false);
    case DatePart::weekday: return std::to_string(weekday);
  }
  return "";
}

}  // namespace carteiro::sieve
