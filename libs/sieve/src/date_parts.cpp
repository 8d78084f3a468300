// RFC 5260 section 4.2: the date-part names, for the checker and, when a name is built
// from variables, for the interpreter.
#include <array>
#include <utility>

#include "carteiro/common/strings.hpp"
#include "script.hpp"

namespace carteiro::sieve {

std::optional<DatePart> date_part_named(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, DatePart>, 13> kParts{{
      {"year", DatePart::year},       {"month", DatePart::month},     {"day", DatePart::day},
      {"date", DatePart::date},       {"julian", DatePart::julian},   {"hour", DatePart::hour},
      {"minute", DatePart::minute},   {"second", DatePart::second},   {"time", DatePart::time},
      {"iso8601", DatePart::iso8601}, {"std11", DatePart::std11},     {"zone", DatePart::zone},
      {"weekday", DatePart::weekday}}};
  for (auto [known, part] : kParts)
    if (iequals(name, known)) return part;
  return std::nullopt;
}

}  // namespace carteiro::sieve
