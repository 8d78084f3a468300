#include "arc_sets.hpp"

#include <algorithm>
#include <variant>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_canon.hpp"

namespace carteiro::mailauth::arc {

namespace {

enum class Kind { results, signature, seal };
constexpr std::string_view kFieldNames[] = {"ARC-Authentication-Results", "ARC-Message-Signature", "ARC-Seal"};

std::optional<Kind> kind_of(std::string_view name) {
  for (int k = 0; k < 3; ++k)
    if (iequals(name, kFieldNames[k])) return static_cast<Kind>(k);
  return std::nullopt;
}

bool is_fws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_fws(std::string_view s) {
  while (!s.empty() && is_fws(s.front())) s.remove_prefix(1);
  return s;
}

// Section 4.2.1: i-val = 1*2DIGIT, from 1 to 50.
std::optional<int> instance_value(std::string_view digits) {
  if (digits.empty() || digits.size() > 2) return std::nullopt;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > kMaxInstances) return std::nullopt;
  return value;
}

// Section 4.1.1: arc-info = instance [CFWS] ";" authres-payload, where instance is
// [CFWS] "i" [CFWS] "=" [CFWS] i-val. Returns the instance and the rest after ";".
std::optional<std::pair<int, std::string_view>> results_prefix(std::string_view value) {
  value = skip_fws(value);
  if (value.empty() || (value.front() != 'i' && value.front() != 'I')) return std::nullopt;
  value = skip_fws(value.substr(1));
  if (value.empty() || value.front() != '=') return std::nullopt;
  value = skip_fws(value.substr(1));
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  auto instance = instance_value(value.substr(0, digits));
  value = skip_fws(value.substr(digits));
  if (!instance || value.empty() || value.front() != ';') return std::nullopt;
  return std::pair{*instance, value.substr(1)};
}

std::optional<int> tag_instance(const dkim::TagList& tags) {
  const std::string* i = tags.find("i");
  return i ? instance_value(*i) : std::nullopt;
}

// The instance of a field of KIND, or why it has none.
std::variant<int, std::string> instance_of(Kind kind, std::string_view value) {
  std::optional<int> instance;
  if (kind == Kind::results) {
    auto prefix = results_prefix(value);
    if (prefix) instance = prefix->first;
  } else {
    auto tags = dkim::parse_tag_list(value);
    if (auto* error = std::get_if<dkim::ParseError>(&tags)) return "malformed: " + error->reason;
    instance = tag_instance(std::get<dkim::TagList>(tags));
  }
  if (!instance) return std::string("no valid instance (i= from 1 to 50)");
  return *instance;
}

std::optional<mime::RawField>& slot(ArcSet& set, Kind kind) {
  if (kind == Kind::results) return set.results;
  return kind == Kind::signature ? set.signature : set.seal;
}

// The tags an ARC field shares with DKIM-Signature, after its own required ones.
dkim::Parsed<dkim::Signature> common_tags(const dkim::TagList& tags, std::initializer_list<const char*> required) {
  for (const char* name : required)
    if (!tags.find(name)) return dkim::ParseError{std::string("missing tag ") + name};
  if (!tag_instance(tags)) return dkim::ParseError{"bad i= instance"};
  auto parsed = dkim::parse_signature_tags(tags);
  if (auto* sig = std::get_if<dkim::Signature>(&parsed)) {
    // No AUID in ARC: a key restricted to its own domain (t=s) fits d= itself.
    sig->identity = "@" + sig->domain;
  }
  return parsed;
}

}  // namespace

CollectedSets collect_sets(const std::vector<mime::RawField>& fields) {
  CollectedSets out;
  auto fault = [&](std::string reason) {
    if (out.error.empty()) out.error = std::move(reason);
  };
  for (const auto& field : fields) {
    auto kind = kind_of(field.name);
    if (!kind) continue;
    std::string name(kFieldNames[static_cast<int>(*kind)]);
    auto found = instance_of(*kind, field.value);
    if (auto* reason = std::get_if<std::string>(&found)) {
      fault(name + " " + *reason);
      continue;
    }
    int instance = std::get<int>(found);
    if (static_cast<std::size_t>(instance) > out.sets.size()) out.sets.resize(instance);
    auto& place = slot(out.sets[instance - 1], *kind);
    if (place) fault("two " + name + " fields for i=" + std::to_string(instance));
    else place = field;
  }
  for (std::size_t k = 0; k < out.sets.size(); ++k) {
    for (int kind = 0; kind < 3; ++kind) {
      if (!slot(out.sets[k], static_cast<Kind>(kind)))
        fault("ARC set i=" + std::to_string(k + 1) + " has no " + std::string(kFieldNames[kind]));
    }
  }
  return out;
}

std::string single_line(std::string_view folded) {
  std::string out;
  for (char c : folded) {
    bool blank = is_fws(c);
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out.push_back(blank ? ' ' : c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<std::string> results_payload(std::string_view value) {
  auto prefix = results_prefix(value);
  if (!prefix) return std::nullopt;
  return single_line(prefix->second);
}

dkim::Parsed<dkim::Signature> parse_message_signature(std::string_view value) {
  auto parsed = dkim::parse_tag_list(value);
  if (auto* error = std::get_if<dkim::ParseError>(&parsed)) return *error;
  const auto& tags = std::get<dkim::TagList>(parsed);
  // Section 4.1.2: the whole body is signed; and the ARC-Seal, added after, is never in h=.
  if (tags.find("l")) return dkim::ParseError{"l= is not allowed"};
  auto sig = common_tags(tags, {"a", "b", "bh", "d", "h", "i", "s"});
  if (auto* signature = std::get_if<dkim::Signature>(&sig)) {
    const auto& names = signature->signed_headers;
    if (std::find(names.begin(), names.end(), "arc-seal") != names.end())
      return dkim::ParseError{"h= signs ARC-Seal"};
  }
  return sig;
}

dkim::Parsed<Seal> parse_seal(std::string_view value) {
  auto parsed = dkim::parse_tag_list(value);
  if (auto* error = std::get_if<dkim::ParseError>(&parsed)) return *error;
  const auto& tags = std::get<dkim::TagList>(parsed);
  if (tags.find("h")) return dkim::ParseError{"h= is not allowed"};  // section 4.1.3
  auto sig = common_tags(tags, {"a", "b", "cv", "d", "i", "s"});
  if (auto* error = std::get_if<dkim::ParseError>(&sig)) return *error;
  Seal seal;
  seal.signature = std::get<dkim::Signature>(std::move(sig));
  seal.signature.header_canon = dkim::Canonicalization::relaxed;  // section 5.1.1
  std::string cv = to_lower(*tags.find("cv"));
  if (cv == "none") seal.cv = ChainStatus::none;
  else if (cv == "pass") seal.cv = ChainStatus::pass;
  else if (cv == "fail") seal.cv = ChainStatus::fail;
  else return dkim::ParseError{"bad cv= value"};
  return seal;
}

std::string seal_hash_input(std::span<const ArcSet> sets) {
  constexpr auto relaxed = dkim::Canonicalization::relaxed;
  std::string out;
  for (std::size_t k = 0; k < sets.size(); ++k) {
    out += dkim::canonical_header(sets[k].results->lines, relaxed);
    out += dkim::canonical_header(sets[k].signature->lines, relaxed);
    if (k + 1 < sets.size()) out += dkim::canonical_header(sets[k].seal->lines, relaxed);
  }
  if (!sets.empty()) out += dkim::signature_hash_input(sets.back().seal->lines, relaxed);
  return out;
}

}  // namespace carteiro::mailauth::arc
