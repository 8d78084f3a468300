// RFC 5322 section 3.3 date-time, with the obsolete forms of section 4.3 (two-digit years,
// alphabetic zones, comments anywhere).
#include "carteiro/mime/date.hpp"

#include <array>

#include "carteiro/common/strings.hpp"
#include "lexer.hpp"

namespace carteiro::mime {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Up to MAX_DIGITS digits; -1 when there is none.
int read_number(lex::Cursor& c, int max_digits, int* digits = nullptr) {
  int value = 0;
  int n = 0;
  while (n < max_digits && !c.done() && is_digit(c.peek())) {
    value = value * 10 + (c.peek() - '0');
    ++c.pos;
    ++n;
  }
  if (digits) *digits = n;
  return n == 0 ? -1 : value;
}

std::string_view read_letters(lex::Cursor& c) {
  std::size_t start = c.pos;
  while (!c.done() && is_alpha(c.peek())) ++c.pos;
  return c.text.substr(start, c.pos - start);
}

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return -1;
  for (int i = 0; i < 12; ++i)
    if (istarts_with(name, kMonths[static_cast<std::size_t>(i)])) return i + 1;
  return -1;
}

// Section 4.3 obs-zone, in minutes east of UTC. Military zones were defined wrongly in
// RFC 822, so they (and unknown names) count as -0000, "no information".
int named_zone_minutes(std::string_view name) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Zone, 11> kZones = {{{"UT", 0}, {"GMT", 0}, {"UTC", 0}, {"EST", -5},
                                                   {"EDT", -4}, {"CST", -6}, {"CDT", -5},
                                                   {"MST", -7}, {"MDT", -6}, {"PST", -8},
                                                   {"PDT", -7}}};
  for (const Zone& z : kZones)
    if (iequals(name, z.name)) return z.hours * 60;
  return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based computation).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// FWS between date parts; some mailers write "15-Jan-2008".
void skip_separators(lex::Cursor& c) {
  lex::skip_cfws(c);
  while (c.peek() == '-') {
    ++c.pos;
    lex::skip_cfws(c);
  }
}

}  // namespace

std::optional<DateTime> parse_date_time(std::string_view value) {
  lex::Cursor c{value};
  lex::skip_cfws(c);
  // [ day-of-week "," ]
  if (is_alpha(c.peek())) {
    read_letters(c);
    lex::skip_cfws(c);
    if (c.peek() == ',') ++c.pos;
    lex::skip_cfws(c);
  }
  // date = day month year
  int day = read_number(c, 2);
  skip_separators(c);
  int month = month_number(read_letters(c));
  skip_separators(c);
  int year_digits = 0;
  int year = read_number(c, 4, &year_digits);
  if (day < 1 || day > 31 || month < 1 || year < 0) return std::nullopt;
  if (year_digits == 2) year += year < 50 ? 2000 : 1900;  // section 4.3
  else if (year_digits == 3) year += 1900;
  // time-of-day = hour ":" minute [ ":" second ]
  lex::skip_cfws(c);
  int hour = read_number(c, 2);
  lex::skip_cfws(c);
  if (c.peek() != ':') return std::nullopt;
  ++c.pos;
  lex::skip_cfws(c);
  int minute = read_number(c, 2);
  lex::skip_cfws(c);
  int second = 0;
  if (c.peek() == ':') {
    ++c.pos;
    lex::skip_cfws(c);
    second = read_number(c, 2);
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  // zone = ( "+" / "-" ) 4DIGIT / obs-zone; a missing zone is taken as UTC.
  lex::skip_cfws(c);
  int zone_minutes = 0;
  if (c.peek() == '+' || c.peek() == '-') {
    int sign = c.peek() == '-' ? -1 : 1;
    ++c.pos;
    int digits = 0;
    int hhmm = read_number(c, 4, &digits);
    if (digits != 4 || hhmm % 100 > 59) return std::nullopt;
    zone_minutes = sign * (hhmm / 100 * 60 + hhmm % 100);
  } else if (is_alpha(c.peek())) {
    zone_minutes = named_zone_minutes(read_letters(c));
  }
  std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return DateTime{days * 86400 + hour * 3600 + minute * 60 + second - zone_minutes * 60, zone_minutes};
}

std::optional<std::int64_t> parse_date(std::string_view value) {
  auto parsed = parse_date_time(value);
  if (!parsed) return std::nullopt;
  return parsed->unix_seconds;
}

std::int64_t DateTime::local_day() const {
  std::int64_t local = unix_seconds + zone_minutes * 60;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

}  // namespace carteiro::mime
