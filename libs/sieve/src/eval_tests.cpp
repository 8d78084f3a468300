// The tests (RFC 5228 section 5 and the extensions'): each gathers the values it looks at
// and compares them with its keys through match().
#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "eval_body.hpp"
#include "eval_date.hpp"
#include "interp.hpp"
#include "match_address.hpp"
#include "run_error.hpp"

namespace carteiro::sieve {

namespace {

const std::vector<Argument>& args(const Test& t) {
  // The checker gives every test its positional arguments; a tree without them is a bug
  // that must not crash delivery.
  if (t.arguments.empty() && t.kind != TestKind::duplicate)
    throw RuntimeError("test \"" + t.identifier + "\" without its arguments");
  return t.arguments;
}

// The addresses of the fields named in NAMES (RFC 5228 section 5.1), :index applying to
// the fields of each name.
std::vector<MailAddress> header_addresses(RunState& s, const Test& t, const std::vector<std::string>& names) {
  std::vector<MailAddress> out;
  for (const std::string& name : names)
    for (const std::string& value : pick_index(s.message.raw_values(name), t.tagged)) {
      std::vector<MailAddress> found = addresses_in(value);
      out.insert(out.end(), found.begin(), found.end());
    }
  return out;
}

// RFC 5228 section 5.4: "from" is MAIL FROM, "to" the RCPT address; RFC 5228 leaves other
// parts to extensions, and "auth" (RFC 4954 AUTH) is the submitter when there is one.
std::vector<MailAddress> envelope_addresses(RunState& s, const std::vector<std::string>& parts) {
  std::vector<MailAddress> out;
  for (const std::string& part : parts) {
    if (iequals(part, "from")) out.push_back(envelope_address(s.input.envelope_from));
    else if (iequals(part, "to")) out.push_back(envelope_address(s.input.envelope_to));
    else if (iequals(part, "auth") && !s.input.auth.empty()) out.push_back(envelope_address(s.input.auth));
  }
  return out;
}

std::size_t message_size(const RunState& s) {
  if (!s.message.edited()) return s.input.message.size();
  return s.message.header_section().size() + s.message.body().size();
}

// RFC 5260 section 4.1: dates are seen in :zone's zone, in their own (:originalzone), or
// in the local zone.
// A :zone built from variables (RFC 5229) is expanded first; a malformed one is ignored.
int zone_for(const RunState& s, const Test& t, int original) {
  if (t.tagged.original_zone) return original;
  if (t.tagged.zone)
    if (auto zone = parse_zone(s.variables.expand(*t.tagged.zone))) return *zone;
  return s.input.zone_minutes;
}

// The date-part ARGUMENT names; one built from variables is known only now, and one that
// names no date-part matches nothing.
std::optional<DatePart> part_named(const RunState& s, const Test& t, const Argument& argument) {
  const String& text = argument.strings.front();
  if (!text.has_variables) return t.date_part;
  return date_part_named(s.text(text));
}

bool date_test(RunState& s, const Test& t) {
  std::string name = s.text(args(t).front());
  auto part = part_named(s, t, args(t)[1]);
  if (!part) return false;
  std::vector<std::string> values;
  for (const std::string& value : pick_index(s.message.raw_values(name), t.tagged)) {
    auto when = field_date(name, value);
    if (!when) continue;  // section 4.1: a field without a date does not match
    values.push_back(date_part({when->unix_seconds, zone_for(s, t, when->zone_minutes)}, *part));
  }
  return match(s, t.tagged, values, s.texts(args(t).back()));
}

bool currentdate_test(RunState& s, const Test& t) {
  auto part = part_named(s, t, args(t).front());
  if (!part) return false;
  ZonedTime now{s.input.now, zone_for(s, t, s.input.zone_minutes)};
  return match(s, t.tagged, {date_part(now, *part)}, s.texts(args(t).back()));
}

bool hasflag_test(RunState& s, const Test& t) {
  std::vector<std::string> flags = s.flags;
  if (args(t).size() >= 2) {
    std::vector<std::string> held;
    for (const std::string& name : s.texts(args(t).front())) held.push_back(s.variables.get(name));
    flags = split_flags(held);
  }
  return match(s, t.tagged, flags, split_flags(s.texts(args(t).back())));
}

}  // namespace

std::vector<std::string> pick_index(std::vector<std::string> values, const Tagged& tagged) {
  if (!tagged.index) return values;
  std::uint64_t n = *tagged.index;
  if (n == 0 || n > values.size()) return {};
  std::size_t at = tagged.last ? values.size() - n : n - 1;
  return {std::move(values[at])};
}

bool match(RunState& s, const Tagged& tagged, const std::vector<std::string>& values,
           const std::vector<std::string>& keys) {
  Matcher matcher{tagged.match, tagged.comparator, tagged.relation, &s.match_work};
  bool capture = tagged.match == MatchType::matches && s.script.requires_extension("variables");
  Captures captures;
  bool matched = match_any(matcher, values, keys, capture ? &captures : nullptr);
  if (matched && capture) s.variables.set_matches(std::move(captures));
  return matched;
}

bool evaluate(RunState& s, const Test& t) {
  s.step();
  switch (t.kind) {
    case TestKind::true_: return true;
    case TestKind::false_: return false;
    case TestKind::not_: return t.tests.empty() || !evaluate(s, t.tests.front());
    case TestKind::allof:
      for (const Test& sub : t.tests)
        if (!evaluate(s, sub)) return false;
      return true;
    case TestKind::anyof:
      for (const Test& sub : t.tests)
        if (evaluate(s, sub)) return true;
      return false;
    case TestKind::exists: {
      std::vector<std::string> names = s.texts(args(t).front());
      return std::all_of(names.begin(), names.end(), [&](const std::string& n) { return s.message.has_field(n); });
    }
    case TestKind::size: {
      std::uint64_t limit = args(t).front().number;
      std::uint64_t size = message_size(s);
      return t.tagged.size == SizeRelation::over ? size > limit : size < limit;
    }
    case TestKind::header: {
      std::vector<std::string> values;
      for (const std::string& name : s.texts(args(t).front())) {
        std::vector<std::string> found = pick_index(s.message.decoded_values(name), t.tagged);
        values.insert(values.end(), found.begin(), found.end());
      }
      return match(s, t.tagged, values, s.texts(args(t).back()));
    }
    case TestKind::address: {
      auto addresses = header_addresses(s, t, s.texts(args(t).front()));
      return match(s, t.tagged, address_parts(addresses, t.tagged.address_part), s.texts(args(t).back()));
    }
    case TestKind::envelope: {
      auto addresses = envelope_addresses(s, s.texts(args(t).front()));
      return match(s, t.tagged, address_parts(addresses, t.tagged.address_part), s.texts(args(t).back()));
    }
    case TestKind::body: {
      auto values = body_values(s.parts(), t.tagged.transform, s.texts(t.tagged.content_types));
      return match(s, t.tagged, values, s.texts(args(t).back()));
    }
    case TestKind::string: {
      std::vector<std::string> values = s.texts(args(t).front());
      // RFC 5229 section 5: for :count, empty strings are not counted.
      if (t.tagged.match == MatchType::count)
        values.erase(std::remove(values.begin(), values.end(), std::string()), values.end());
      return match(s, t.tagged, values, s.texts(args(t).back()));
    }
    case TestKind::hasflag: return hasflag_test(s, t);
    case TestKind::date: return date_test(s, t);
    case TestKind::currentdate: return currentdate_test(s, t);
    case TestKind::mailboxexists: {
      std::vector<std::string> names = s.texts(args(t).front());
      return std::all_of(names.begin(), names.end(),
                         [&](const std::string& n) { return s.environment.mailbox_exists(n); });
    }
    case TestKind::duplicate: return duplicate(s, t);
    case TestKind::unknown: break;
  }
  return false;
}

}  // namespace carteiro::sieve
