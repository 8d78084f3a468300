#include "parser/rules.hpp"

#include <array>


namespace carteiro::imap::parser {

namespace {
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known "days from civil"
// computation on 400-year eras).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

int digits(Reader& r, int count) {
  int v = 0;
  for (int i = 0; i < count; ++i) {
    if (!r.peek_digit()) throw SyntaxError("expected a digit in the date");
    v = v * 10 + (r.take() - '0');
  }
  return v;
}

// date-month = "Jan" / "Feb" / ... / "Dec"
int date_month(Reader& r) {
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (r.accept(kMonths[i])) return static_cast<int>(i) + 1;
  throw SyntaxError("expected a month name (Jan ... Dec)");
}

// date-year = 4DIGIT; checked against the month's length
std::int64_t date_days(Reader& r, int day) {
  r.expect('-', "'-' in the date");
  int month = date_month(r);
  r.expect('-', "'-' in the date");
  int year = digits(r, 4);
  if (day < 1 || day > days_in_month(year, month)) throw SyntaxError("no such day in that month");
  return days_from_civil(year, month, day);
}

// date-text = date-day "-" date-month "-" date-year ; date-day = 1*2DIGIT
std::int64_t date_text(Reader& r) {
  int day = digits(r, 1);
  if (r.peek_digit()) day = day * 10 + digits(r, 1);
  return date_days(r, day);
}
}  // namespace

// date = date-text / DQUOTE date-text DQUOTE
std::int64_t date(Reader& r) {
  if (!r.accept("\"")) return date_text(r);
  auto days = date_text(r);
  r.expect('"', "'\"' closing the date");
  return days;
}

// date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
// date-day-fixed = (SP DIGIT) / 2DIGIT ; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
// zone = ("+" / "-") 4DIGIT
std::int64_t date_time(Reader& r, int* zone_minutes) {
  r.expect('"', "'\"' starting the date-time");
  int day = r.accept(" ") ? digits(r, 1) : digits(r, 2);
  auto days = date_days(r, day);
  r.expect(' ', "a space before the time");
  int hour = digits(r, 2);
  r.expect(':', "':' in the time");
  int minute = digits(r, 2);
  r.expect(':', "':' in the time");
  int second = digits(r, 2);
  if (hour > 23 || minute > 59 || second > 60) throw SyntaxError("time out of range");
  r.expect(' ', "a space before the zone");
  int sign = r.accept("+") ? 1 : (r.accept("-") ? -1 : 0);
  if (sign == 0) throw SyntaxError("expected the zone as +HHMM or -HHMM");
  int zone = digits(r, 4);
  if (zone % 100 > 59) throw SyntaxError("zone minutes out of range");
  r.expect('"', "'\"' closing the date-time");
  std::int64_t offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
  if (zone_minutes) *zone_minutes = static_cast<int>(offset / 60);
  return days * 86400 + hour * 3600 + minute * 60 + second - offset;
}

}  // namespace carteiro::imap::parser
