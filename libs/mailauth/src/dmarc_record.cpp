// The DMARC policy record (RFC 7489 sections 6.3 and 6.4), written in DKIM's tag-value
// syntax (RFC 6376 section 3.2), whose parser it shares.
#include <cstdint>
#include <optional>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"
#include "carteiro/mailauth/dmarc.hpp"

namespace carteiro::mailauth::dmarc {

namespace {

// The tag names of section 6.3 are ABNF literals, so without case; the first of a name wins.
const std::string* find_tag(const dkim::TagList& list, std::string_view name) {
  for (const auto& tag : list.tags)
    if (iequals(tag.name, name)) return &tag.value;
  return nullptr;
}

// dmarc-request = "none" / "quarantine" / "reject"
std::optional<Policy> parse_policy(std::string_view value) {
  if (iequals(value, "none")) return Policy::none;
  if (iequals(value, "quarantine")) return Policy::quarantine;
  if (iequals(value, "reject")) return Policy::reject;
  return std::nullopt;
}

// dmarc-adkim / dmarc-aspf = "r" / "s"
std::optional<Alignment> parse_alignment(std::string_view value) {
  if (iequals(value, "r")) return Alignment::relaxed;
  if (iequals(value, "s")) return Alignment::strict;
  return std::nullopt;
}

// dmarc-percent = 1*3DIGIT, at most 100.
std::optional<int> parse_percent(std::string_view value) {
  if (value.empty() || value.size() > 3) return std::nullopt;
  int n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > 100) return std::nullopt;
  return n;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A URI (RFC 3986 section 3) as far as a receiver needs to tell one from noise: a scheme,
// ":", and something after it, without blanks.
bool looks_like_uri(std::string_view uri) {
  std::size_t colon = uri.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == uri.size() || !is_alpha(uri.front()))
    return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = uri[i];
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : uri)
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return false;
  return true;
}

// dmarc-urilist = dmarc-uri *(*WSP "," *WSP dmarc-uri): each kept as written (with a size
// limit "!10m" if it has one); the malformed ones are dropped.
std::vector<std::string> parse_uri_list(std::string_view value) {
  std::vector<std::string> uris;
  for (auto piece : split(value, ',')) {
    piece = trim(piece);
    if (looks_like_uri(piece)) uris.emplace_back(piece);
  }
  return uris;
}

// dmarc-fo = "fo" *WSP "=" *WSP ( "0" / "1" / "d" / "s" ) *(*WSP ":" *WSP ( "0" / "1" / "d" / "s" ))
std::optional<std::string> parse_failure_options(std::string_view value) {
  for (auto option : split(value, ':')) {
    auto o = trim(option);
    if (o.size() != 1 || std::string_view("01dsDS").find(o.front()) == std::string_view::npos) return std::nullopt;
  }
  std::string out;
  for (char c : value)
    if (c != ' ' && c != '\t') out += c;
  return to_lower(out);
}

// dmarc-rfmt = "rf" *WSP "=" *WSP Keyword *(*WSP ":" Keyword): letters, digits and '-'
// (":" in the grammar, "," in the registry's examples: both read).
std::optional<std::string> parse_report_format(std::string_view value) {
  if (value.empty()) return std::nullopt;
  for (char c : value) {
    bool ok = is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == ',' || c == ' ' || c == '\t';
    if (!ok) return std::nullopt;
  }
  return to_lower(value);
}

// dmarc-ainterval = "ri" *WSP "=" *WSP 1*DIGIT, a 32-bit count of seconds.
std::optional<std::uint32_t> parse_interval(std::string_view value) {
  if (value.empty() || value.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

// dmarc-version = "v" *WSP "=" *WSP %x44 %x4d %x41 %x52 %x43 %x31: the value is exact.
bool has_version_tag_first(const dkim::TagList& list) {
  return !list.tags.empty() && iequals(list.tags.front().name, "v") && list.tags.front().value == "DMARC1";
}

}  // namespace

std::string_view policy_name(Policy policy) {
  switch (policy) {
    case Policy::none:
      return "none";
    case Policy::quarantine:
      return "quarantine";
    case Policy::reject:
      return "reject";
  }
  return "none";
}

bool is_dmarc_record(std::string_view text) {
  text = trim(text);
  if (text.empty() || (text.front() != 'v' && text.front() != 'V')) return false;
  text = trim(text.substr(1));
  if (text.empty() || text.front() != '=') return false;
  text = trim(text.substr(1));
  if (text.substr(0, 6) != "DMARC1") return false;
  text = trim(text.substr(6));
  return text.empty() || text.front() == ';';
}

std::variant<Record, RecordError> parse_record(std::string_view text) {
  auto parsed = dkim::parse_tag_list(text);
  if (auto* error = std::get_if<dkim::ParseError>(&parsed)) return RecordError{error->reason};
  const auto& list = std::get<dkim::TagList>(parsed);
  if (!has_version_tag_first(list)) return RecordError{"does not start with v=DMARC1"};

  Record record;
  if (const auto* rua = find_tag(list, "rua")) record.aggregate_report_to = parse_uri_list(*rua);
  if (const auto* ruf = find_tag(list, "ruf")) record.failure_report_to = parse_uri_list(*ruf);

  // Section 6.6.3: a record whose p= or sp= is missing or invalid still counts, as p=none,
  // when it asks for aggregate reports at a valid URI; otherwise it is no policy at all.
  const auto* p = find_tag(list, "p");
  const auto* sp = find_tag(list, "sp");
  auto policy = p ? parse_policy(*p) : std::nullopt;
  auto subdomain_policy = sp ? parse_policy(*sp) : std::nullopt;
  if (!policy || (sp && !subdomain_policy)) {
    if (record.aggregate_report_to.empty())
      return RecordError{!p ? "no p= tag" : !policy ? "invalid p= value" : "invalid sp= value"};
    policy = Policy::none;
    subdomain_policy.reset();
  }
  record.policy = *policy;
  record.subdomain_policy = subdomain_policy;

  // The optional tags fall back to their defaults when their value is not understood.
  if (const auto* adkim = find_tag(list, "adkim"))
    record.dkim_alignment = parse_alignment(*adkim).value_or(record.dkim_alignment);
  if (const auto* aspf = find_tag(list, "aspf"))
    record.spf_alignment = parse_alignment(*aspf).value_or(record.spf_alignment);
  if (const auto* pct = find_tag(list, "pct")) record.percent = parse_percent(*pct).value_or(record.percent);
  if (const auto* fo = find_tag(list, "fo")) record.failure_options = parse_failure_options(*fo).value_or(record.failure_options);
  if (const auto* rf = find_tag(list, "rf")) record.report_format = parse_report_format(*rf).value_or(record.report_format);
  if (const auto* ri = find_tag(list, "ri")) record.report_interval = parse_interval(*ri).value_or(record.report_interval);
  return record;
}

}  // namespace carteiro::mailauth::dmarc
