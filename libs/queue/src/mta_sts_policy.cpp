#include "carteiro/queue/mta_sts_policy.hpp"

#include <algorithm>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::queue {

namespace {

bool alpha_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool wsp(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_wsp(std::string_view s) {
  while (!s.empty() && wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && wsp(s.back())) s.remove_suffix(1);
  return s;
}

// Section 3.1: sts-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."); the
// policy file's sts-policy-ext-name (section 3.2) is the same rule.
bool extension_name(std::string_view name) {
  if (name.empty() || name.size() > 32 || !alpha_digit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return alpha_digit(c) || c == '_' || c == '-' || c == '.'; });
}

// sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E): visible characters but ";" and "=".
bool extension_value(std::string_view value) {
  if (value.empty()) return false;
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x21 && c <= 0x7e && c != ';' && c != '='; });
}

// sts-id = %s"id=" 1*32(ALPHA / DIGIT)
bool policy_id(std::string_view id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), alpha_digit);
}

// One record: sts-version 1*(*WSP ";" *WSP sts-field) [";"].
std::optional<std::string> parse_record(std::string_view record, std::string& error) {
  auto fields = split(record, ';');
  if (fields.front() != "v=STSv1") {
    error = "the record does not start with v=STSv1";
    return std::nullopt;
  }
  std::optional<std::string> id;
  for (std::size_t i = 1; i < fields.size(); ++i) {
    auto field = trim_wsp(fields[i]);
    if (field.empty() && i + 1 == fields.size() && i > 1) break;  // the optional ";" at the end
    auto equals = field.find('=');
    if (equals == std::string_view::npos) {
      error = "malformed field \"" + printable(field) + "\"";
      return std::nullopt;
    }
    auto name = field.substr(0, equals);
    auto value = field.substr(equals + 1);
    if (name == "id") {
      if (!policy_id(value)) {
        error = "malformed id \"" + printable(value) + "\"";
        return std::nullopt;
      }
      if (!id) id = std::string(value);  // a repeated id: the first counts
    } else if (!extension_name(name) || !extension_value(value)) {
      error = "malformed field \"" + printable(field) + "\"";
      return std::nullopt;
    }
  }
  if (!id) error = "the record has no id";
  return id;
}

// sts-policy-mx-value = ["*."] Domain
bool mx_pattern(std::string_view pattern) {
  if (pattern.starts_with("*.")) pattern.remove_prefix(2);
  return !pattern.empty() && pattern.front() != '[' && valid_domain(pattern);
}

// sts-policy-ext-value = sts-policy-vchar [*(%x20 / sts-policy-vchar) sts-policy-vchar],
// vchar being VCHAR or UTF-8 beyond ASCII.
bool policy_extension_value(std::string_view value) {
  if (value.empty() || value.back() == ' ') return false;
  if (invalid_utf8_offset(value) != std::string_view::npos) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == 0x20 || (u >= 0x21 && u <= 0x7e) || u >= 0x80;
  });
}

struct PolicyFields {
  std::optional<std::string> version;
  std::optional<std::string> mode;
  std::optional<std::string> max_age;
  std::vector<std::string> mx;
};

// One "key: value" line. Of a key given twice, the first counts (mx may repeat).
bool read_field(std::string_view line, PolicyFields& fields, std::string& error) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    error = "line without \":\": \"" + printable(line.substr(0, 80)) + "\"";
    return false;
  }
  auto key = line.substr(0, colon);
  auto value = trim_wsp(line.substr(colon + 1));
  auto set_once = [&](std::optional<std::string>& slot) {
    if (!slot) slot = std::string(value);
  };
  if (key == "version") set_once(fields.version);
  else if (key == "mode") set_once(fields.mode);
  else if (key == "max_age") set_once(fields.max_age);
  else if (key == "mx") {
    if (!mx_pattern(value)) {
      error = "malformed mx \"" + printable(value) + "\"";
      return false;
    }
    fields.mx.push_back(to_lower(value));
  } else if (!extension_name(key) || !policy_extension_value(value)) {
    error = "malformed line \"" + printable(line.substr(0, 80)) + "\"";
    return false;
  }
  return true;
}

std::optional<std::int64_t> max_age_value(std::string_view digits) {
  // sts-policy-max-age-value = 1*10(DIGIT)
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return std::min(value, kMtaStsMaxAge);
}

}  // namespace

std::string_view mta_sts_mode_name(MtaStsPolicy::Mode mode) {
  switch (mode) {
    case MtaStsPolicy::Mode::enforce:
      return "enforce";
    case MtaStsPolicy::Mode::testing:
      return "testing";
    case MtaStsPolicy::Mode::none:
      return "none";
  }
  return "none";
}

std::optional<std::string> parse_mta_sts_record(const std::vector<std::string>& txt_records, std::string& error) {
  const std::string* found = nullptr;
  for (const auto& record : txt_records) {
    // Section 3.1: records that do not begin with "v=STSv1;" are discarded.
    if (!record.starts_with("v=STSv1;") && record != "v=STSv1") continue;
    if (found) {
      error = "more than one v=STSv1 record";
      return std::nullopt;
    }
    found = &record;
  }
  if (!found) {
    error = "no v=STSv1 record";
    return std::nullopt;
  }
  return parse_record(*found, error);
}

std::optional<MtaStsPolicy> parse_mta_sts_policy(std::string_view text, std::string& error) {
  if (text.size() > kMtaStsMaxPolicySize) {
    error = "the policy is larger than " + std::to_string(kMtaStsMaxPolicySize) + " bytes";
    return std::nullopt;
  }
  PolicyFields fields;
  // sts-policy-term = LF / CRLF; the last line may go without one.
  for (auto line : split(text, '\n')) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    line = trim_wsp(line);
    if (line.empty()) continue;
    if (!read_field(line, fields, error)) return std::nullopt;
  }
  if (fields.version != "STSv1") {
    error = fields.version ? "version is not STSv1" : "no version";
    return std::nullopt;
  }
  MtaStsPolicy policy;
  if (fields.mode == "enforce") policy.mode = MtaStsPolicy::Mode::enforce;
  else if (fields.mode == "testing") policy.mode = MtaStsPolicy::Mode::testing;
  else if (fields.mode == "none") policy.mode = MtaStsPolicy::Mode::none;
  else {
    error = fields.mode ? "unknown mode \"" + printable(*fields.mode) + "\"" : "no mode";
    return std::nullopt;
  }
  auto max_age = fields.max_age ? max_age_value(*fields.max_age) : std::nullopt;
  if (!max_age) {
    error = fields.max_age ? "malformed max_age" : "no max_age";
    return std::nullopt;
  }
  policy.max_age = *max_age;
  if (fields.mx.empty() && policy.mode != MtaStsPolicy::Mode::none) {
    error = "no mx";
    return std::nullopt;
  }
  policy.mx = std::move(fields.mx);
  return policy;
}

bool mta_sts_mx_matches(std::string_view pattern, std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  if (pattern.starts_with("*.")) {
    auto rest = pattern.substr(1);  // ".example.net"
    auto dot = host.find('.');
    // The wildcard stands for exactly one non-empty label.
    return dot != std::string_view::npos && dot > 0 && iequals(host.substr(dot), rest);
  }
  return iequals(host, pattern);
}

bool mta_sts_allows(const MtaStsPolicy& policy, std::string_view host) {
  return std::any_of(policy.mx.begin(), policy.mx.end(),
                     [host](const std::string& pattern) { return mta_sts_mx_matches(pattern, host); });
}

}  // namespace carteiro::queue
