#include "check_tags.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::sieve {

namespace {

std::string_view first_text(const Argument* value) {
  return value != nullptr && !value->strings.empty() ? std::string_view(value->strings.front().text)
                                                     : std::string_view();
}

bool has_variables(const Argument* value) {
  return value != nullptr && !value->strings.empty() && value->strings.front().has_variables;
}

// RFC 5231 section 4: relational-match = "gt" / "ge" / "lt" / "le" / "eq" / "ne".
std::optional<Relation> relation(std::string_view text) {
  static constexpr std::pair<std::string_view, Relation> kRelations[] = {
      {"gt", Relation::gt}, {"ge", Relation::ge}, {"lt", Relation::lt},
      {"le", Relation::le}, {"eq", Relation::eq}, {"ne", Relation::ne}};
  for (auto [name, value] : kRelations)
    if (iequals(text, name)) return value;
  return std::nullopt;
}

// RFC 5228 section 2.7.3: i;octet and i;ascii-casemap are always there; i;ascii-numeric
// (RFC 4790 section 9.1) only when "comparator-i;ascii-numeric" is required. Note that
// RFC 5231 lets :count use any comparator, though only a numeric one makes sense.
std::optional<std::string> comparator(std::string_view name, const Script& script,
                                      Tagged& tagged) {
  if (iequals(name, "i;octet")) {
    tagged.comparator = Comparator::octet;
  } else if (iequals(name, "i;ascii-casemap")) {
    tagged.comparator = Comparator::ascii_casemap;
  } else if (iequals(name, "i;ascii-numeric")) {
    if (!script.requires_extension("comparator-i;ascii-numeric"))
      return "comparator \"i;ascii-numeric\" needs require \"comparator-i;ascii-numeric\"";
    tagged.comparator = Comparator::ascii_numeric;
  } else {
    return fmt::format("unknown comparator \"{}\"", name);
  }
  return std::nullopt;
}

// RFC 5260 section 4.1: zone = ("+" / "-") 4DIGIT, hours and minutes.
bool valid_zone(std::string_view zone) {
  if (zone.size() != 5 || (zone[0] != '+' && zone[0] != '-')) return false;
  if (!std::all_of(zone.begin() + 1, zone.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return zone[3] <= '5';
}

std::optional<std::string> match_or_part(std::string_view name, Tagged& tagged) {
  static constexpr std::pair<std::string_view, MatchType> kMatch[] = {
      {"is", MatchType::is}, {"contains", MatchType::contains}, {"matches", MatchType::matches}};
  static constexpr std::pair<std::string_view, AddressPart> kParts[] = {
      {"all", AddressPart::all},   {"localpart", AddressPart::localpart},
      {"domain", AddressPart::domain}, {"user", AddressPart::user},
      {"detail", AddressPart::detail}};
  static constexpr std::pair<std::string_view, SetModifier> kModifiers[] = {
      {"lower", SetModifier::lower},           {"upper", SetModifier::upper},
      {"lowerfirst", SetModifier::lowerfirst}, {"upperfirst", SetModifier::upperfirst},
      {"quotewildcard", SetModifier::quotewildcard}, {"length", SetModifier::length}};
  for (auto [tag, value] : kMatch)
    if (name == tag) tagged.match = value;
  for (auto [tag, value] : kParts)
    if (name == tag) tagged.address_part = value;
  for (auto [tag, value] : kModifiers)
    if (name == tag) tagged.modifiers.push_back(value);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> apply_tag(std::string_view name, const Argument* value,
                                     const Script& script, Tagged& tagged) {
  std::string_view text = first_text(value);
  std::uint64_t number = value != nullptr ? value->number : 0;
  auto string = [&] { return value->strings.front(); };

  if (name == "value" || name == "count") {
    tagged.match = name == "value" ? MatchType::value : MatchType::count;
    auto op = relation(text);
    if (!op)
      return fmt::format("unknown relational operator \"{}\" (expected gt, ge, lt, le, eq or ne)",
                         text);
    tagged.relation = *op;
  } else if (name == "comparator") {
    return comparator(text, script, tagged);
  } else if (name == "index") {
    if (number == 0) return "the :index field number starts at 1";
    tagged.index = number;
  } else if (name == "last") {
    tagged.last = true;
  } else if (name == "zone") {
    if (!has_variables(value) && !valid_zone(text))
      return fmt::format("invalid :zone \"{}\" (expected +hhmm or -hhmm)", text);
    tagged.zone = std::string(text);
  } else if (name == "originalzone") {
    tagged.original_zone = true;
  } else if (name == "raw") {
    tagged.transform = BodyTransform::raw;
  } else if (name == "text") {
    tagged.transform = BodyTransform::text;
  } else if (name == "content") {
    tagged.transform = BodyTransform::content;
    tagged.content_types = value->strings;
  } else if (name == "copy") {
    tagged.copy = true;
  } else if (name == "create") {
    tagged.create = true;
  } else if (name == "mime") {
    tagged.mime = true;
  } else if (name == "flags") {
    tagged.flags = value->strings;
  } else if (name == "addresses") {
    tagged.addresses = value->strings;
  } else if (name == "days") {
    tagged.days = number;
  } else if (name == "seconds") {
    tagged.seconds = number;
  } else if (name == "subject") {
    tagged.subject = string();
  } else if (name == "from") {
    tagged.from = string();
  } else if (name == "handle") {
    tagged.handle = string();
  } else if (name == "header") {
    tagged.header = string();
  } else if (name == "uniqueid") {
    tagged.uniqueid = string();
  } else if (name == "over" || name == "under") {
    tagged.size = name == "over" ? SizeRelation::over : SizeRelation::under;
  } else {
    return match_or_part(name, tagged);
  }
  return std::nullopt;
}

void order_modifiers(Tagged& tagged) {
  std::sort(tagged.modifiers.begin(), tagged.modifiers.end());
}

}  // namespace carteiro::sieve
