// The commands and tests with more to them than one action: vacation (RFC 5230, RFC
// 6131), addheader and deleteheader (RFC 5293), duplicate (RFC 7352).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "carteiro/common/strings.hpp"
#include "interp.hpp"
#include "run_error.hpp"

namespace carteiro::sieve {

namespace {

constexpr std::uint64_t kDay = 86400;
constexpr std::uint64_t kDefaultVacationDays = 7;     // RFC 5230 section 4.1
constexpr std::uint64_t kDefaultDuplicateSeconds = 7 * kDay;  // RFC 7352 section 3.3 leaves it to us
// Ten years: longer periods mean "forever" anyway, and the bound keeps the arithmetic on
// expiry times far from overflow.
constexpr std::uint64_t kMaxPeriod = 3650 * kDay;

// RFC 5293 section 7: trace fields record the message's path and must survive filtering.
// Auto-Submitted keeps auto-replies from looping (RFC 3834), so it may not be removed.
bool protected_from_adding(std::string_view name) { return iequals(name, "received"); }
bool protected_from_deleting(std::string_view name) {
  return iequals(name, "received") || iequals(name, "auto-submitted");
}

// FNV-1a: a short stable digest for a derived vacation handle.
std::string digest(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

void vacation(RunState& s, const Command& c) {
  Vacation v;
  v.reason = s.text(arg(c, 0));
  if (c.tagged.subject) v.subject = s.text(*c.tagged.subject);
  if (c.tagged.from) v.from = s.text(*c.tagged.from);
  if (c.tagged.addresses) v.addresses = s.texts(*c.tagged.addresses);
  v.mime = c.tagged.mime;
  // RFC 5230 section 4.2: without :handle, replies that differ in their arguments are
  // different replies, so the handle is made from them.
  v.handle = c.tagged.handle ? s.text(*c.tagged.handle)
                             : "auto-" + digest(v.subject + '\n' + v.from + '\n' + v.reason + (v.mime ? "\nmime" : ""));
  if (c.tagged.seconds) {
    v.period_seconds = static_cast<std::int64_t>(std::min(*c.tagged.seconds, kMaxPeriod));
  } else {
    // RFC 5230 section 4.1: one day at least.
    std::uint64_t days = std::clamp<std::uint64_t>(c.tagged.days.value_or(kDefaultVacationDays), 1, kMaxPeriod / kDay);
    v.period_seconds = static_cast<std::int64_t>(days * kDay);
  }
  s.actions.vacation(std::move(v));
}

void add_header(RunState& s, const Command& c) {
  std::string name = s.text(arg(c, 0));
  if (!valid_field_name(name)) throw RuntimeError("addheader: \"" + printable(name) + "\" is not a field name");
  if (protected_from_adding(name)) return;
  s.message.add_field(name, s.text(arg(c, 1)), c.tagged.last);
}

void delete_header(RunState& s, const Command& c) {
  std::string name = s.text(arg(c, 0));
  if (!valid_field_name(name)) throw RuntimeError("deleteheader: \"" + printable(name) + "\" is not a field name");
  if (protected_from_deleting(name)) return;
  bool any_value = c.arguments.size() < 2;
  std::vector<std::string> patterns = any_value ? std::vector<std::string>{} : s.texts(arg(c, 1));
  Matcher matcher{c.tagged.match, c.tagged.comparator, c.tagged.relation, &s.match_work};
  const Tagged& tagged = c.tagged;
  // Section 5: :index picks the occurrence (counted before any value is compared), then
  // the value patterns, when given, must match it.
  s.message.delete_fields(name, [&](std::size_t position, std::size_t count, const std::string& value) {
    if (tagged.index) {
      std::size_t wanted = tagged.last ? count + 1 - std::min<std::size_t>(*tagged.index, count + 1)
                                       : static_cast<std::size_t>(*tagged.index);
      if (position != wanted) return false;
    }
    return any_value || match_any(matcher, {value}, patterns);
  });
}

bool duplicate(RunState& s, const Test& t) {
  std::string handle = t.tagged.handle ? s.text(*t.tagged.handle) : std::string();
  std::string id;
  if (t.tagged.uniqueid) {
    id = s.text(*t.tagged.uniqueid);
  } else {
    // RFC 7352 section 3.1: the Message-ID, or the field :header names; a message
    // without it is no duplicate, and nothing is recorded.
    std::string field = t.tagged.header ? s.text(*t.tagged.header) : "Message-ID";
    std::vector<std::string> values = s.message.raw_values(field);
    if (values.empty()) return false;
    id = std::string(trim(values.front()));
  }
  std::string key = handle + '\n' + id;
  auto earlier = std::find_if(s.duplicates.begin(), s.duplicates.end(),
                              [&](const DuplicateRecord& r) { return r.key == key; });
  bool seen = s.environment.duplicate_seen(key);
  std::uint64_t seconds = std::min(t.tagged.seconds.value_or(kDefaultDuplicateSeconds), kMaxPeriod);
  // Section 3.3: without :last the first sighting starts the period and later ones do
  // not extend it; with :last every sighting restarts it.
  if (!seen || t.tagged.last) {
    DuplicateRecord record{key, s.input.now + static_cast<std::int64_t>(seconds)};
    if (earlier == s.duplicates.end())
      s.duplicates.push_back(std::move(record));
    else
      *earlier = std::move(record);
  }
  return seen;
}

}  // namespace carteiro::sieve
