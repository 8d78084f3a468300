// The receiver's DMARC evaluation (RFC 7489 section 6.6): the author domain from the From
// field, policy discovery at _dmarc.<domain> with the organizational domain as fallback,
// identifier alignment of SPF and DKIM (section 3.1), and pct= sampling.
#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "carteiro/mime/address_list.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/mailauth/dmarc.hpp"

namespace carteiro::mailauth::dmarc {

namespace {

// RFC 1035 section 2.3.4.
constexpr std::size_t kMaxDomainName = 253;
constexpr std::size_t kMaxLabel = 63;

std::string_view alignment_name(Alignment mode) { return mode == Alignment::strict ? "strict" : "relaxed"; }

std::string normalize(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return to_lower(domain);
}

// A name that can be looked up: dot-separated labels of letters, digits, '-' and '_' (or
// UTF-8 octets of an internationalized name), no address literal.
bool is_domain_name(std::string_view domain) {
  if (domain.empty() || domain.size() > kMaxDomainName) return false;
  for (auto label : split(domain, '.')) {
    if (label.empty() || label.size() > kMaxLabel) return false;
    for (char ch : label) {
      auto c = static_cast<unsigned char>(ch);
      bool ok = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
  }
  return true;
}

struct AuthorDomain {
  std::string domain;
  std::string problem;  // non-empty: a permerror (section 6.6.1)
};

// Section 6.6.1: exactly one From field, whose addresses (usually one) share one domain.
AuthorDomain author_domain(std::string_view message) {
  mime::FieldReader reader(mime::header_block(message));
  mime::RawField field;
  std::vector<std::string> values;
  while (reader.next(field))
    if (iequals(field.name, "from")) values.push_back(mime::unfold(field.value));
  if (values.empty()) return {{}, "no From field"};
  if (values.size() > 1) return {{}, fmt::format("{} From fields", values.size())};

  std::vector<std::string> domains;
  for (const auto& address : mime::parse_address_list(values.front())) {
    if (!address.host) continue;  // group markers
    auto domain = normalize(*address.host);
    if (!is_domain_name(domain)) return {{}, "From address without a usable domain"};
    if (std::find(domains.begin(), domains.end(), domain) == domains.end()) domains.push_back(domain);
  }
  if (domains.empty()) return {{}, "From field without an address"};
  if (domains.size() > 1) return {{}, fmt::format("From addresses in {} domains", domains.size())};
  return {domains.front(), {}};
}

struct Discovery {
  enum class Kind { found, none, temperror } kind = Kind::none;
  std::string record;
  std::string problem;  // none or temperror: why
};

// Section 6.6.3 steps 1, 2, 4 and 5 for one name: the one record that starts with v=DMARC1.
Discovery look_up(DnsLookup& dns, const std::string& domain) {
  std::string name = "_dmarc." + domain;
  if (name.size() > kMaxDomainName) return {};  // a name DNS cannot hold has no record
  auto answer = dns.txt(name);
  if (answer.status == DnsStatus::temporary)
    return {Discovery::Kind::temperror, {}, fmt::format("DNS lookup of {} failed: {}", name, answer.error)};
  std::vector<std::string> records;
  for (auto& text : answer.records)
    if (is_dmarc_record(text)) records.push_back(std::move(text));
  if (records.empty()) return {Discovery::Kind::none, {}, {}};
  if (records.size() > 1) return {Discovery::Kind::none, {}, fmt::format("{} DMARC records at {}", records.size(), name)};
  return {Discovery::Kind::found, std::move(records.front()), {}};
}

std::string alignment_detail(const PublicSuffixList& psl, std::string_view domain, std::string_view from_domain,
                             Alignment mode) {
  if (aligned(psl, domain, from_domain, mode)) return fmt::format("aligned ({})", alignment_name(mode));
  if (mode == Alignment::strict) return fmt::format("not aligned with {} (strict: not the same name)", from_domain);
  return fmt::format("not aligned with {} (relaxed: organizational domains {} and {})", from_domain,
                     psl.organizational_domain(domain), psl.organizational_domain(from_domain));
}

// Section 4.2 and 3.1.2: only a pass for an aligned domain counts.
bool spf_counts(const PublicSuffixList& psl, const Evidence& evidence, std::string_view from_domain, Alignment mode,
                std::string& detail) {
  auto result = spf_result_name(evidence.spf);
  if (evidence.spf != SpfResult::pass) {
    detail = evidence.spf_domain.empty() ? fmt::format("{}: not a pass", result)
                                         : fmt::format("{} for {}: not a pass", result, evidence.spf_domain);
    return false;
  }
  detail = fmt::format("pass for {}, {}", evidence.spf_domain,
                       alignment_detail(psl, evidence.spf_domain, from_domain, mode));
  return aligned(psl, evidence.spf_domain, from_domain, mode);
}

// Section 3.1.1, with what RFC 6376 sections 8.2 and 8.15 warn of: a signature that leaves
// content after l= unsigned, or a From field above the signed one, does not vouch for the
// From the reader sees.
bool dkim_counts(const PublicSuffixList& psl, const dkim::Result& signature, std::string_view from_domain,
                 Alignment mode, std::string& detail) {
  auto status = dkim::status_name(signature.status);
  if (signature.status != dkim::Status::pass) {
    detail = fmt::format("{} for {}: not a pass", status, signature.domain);
    return false;
  }
  if (signature.content_beyond_length) {
    detail = fmt::format("pass for {}, but content beyond l= is unsigned: does not count", signature.domain);
    return false;
  }
  for (const auto& field : signature.unsigned_fields) {
    if (iequals(field, "from")) {
      detail = fmt::format("pass for {}, but a From field is unsigned: does not count", signature.domain);
      return false;
    }
  }
  detail = fmt::format("pass for {}, {}", signature.domain, alignment_detail(psl, signature.domain, from_domain, mode));
  return aligned(psl, signature.domain, from_domain, mode);
}

// Section 6.6.4: a message that pct= leaves out gets the next policy down.
Policy sampled_out(Policy policy) { return policy == Policy::reject ? Policy::quarantine : Policy::none; }

}  // namespace

std::string_view result_name(Result result) {
  switch (result) {
    case Result::none:
      return "none";
    case Result::pass:
      return "pass";
    case Result::fail:
      return "fail";
    case Result::temperror:
      return "temperror";
    case Result::permerror:
      return "permerror";
  }
  return "none";
}

bool aligned(const PublicSuffixList& psl, std::string_view domain, std::string_view from_domain, Alignment mode) {
  auto a = normalize(domain);
  auto b = normalize(from_domain);
  if (a.empty() || b.empty()) return false;
  if (mode == Alignment::strict) return a == b;
  return psl.organizational_domain(a) == psl.organizational_domain(b);
}

Outcome evaluate(DnsLookup& dns, const PublicSuffixList& psl, const Evidence& evidence, int sample) {
  Outcome outcome;
  auto author = author_domain(evidence.message);
  if (!author.problem.empty()) {
    outcome.result = Result::permerror;
    outcome.reason = author.problem;
    return outcome;
  }
  outcome.from_domain = author.domain;

  // Section 6.6.3: the From domain's record, else its organizational domain's.
  outcome.policy_domain = outcome.from_domain;
  auto discovery = look_up(dns, outcome.from_domain);
  std::string org_domain = psl.organizational_domain(outcome.from_domain);
  if (discovery.kind == Discovery::Kind::none && discovery.problem.empty() && org_domain != outcome.from_domain) {
    outcome.policy_domain = org_domain;
    discovery = look_up(dns, org_domain);
  }

  Record record;  // the defaults (relaxed alignment) when there is none, for the details
  bool have_record = false;
  if (discovery.kind == Discovery::Kind::temperror) {
    outcome.result = Result::temperror;
    outcome.reason = discovery.problem;
  } else if (discovery.kind == Discovery::Kind::none) {
    outcome.reason = !discovery.problem.empty() ? discovery.problem
                     : outcome.policy_domain == outcome.from_domain
                         ? fmt::format("no DMARC record at _dmarc.{}", outcome.from_domain)
                         : fmt::format("no DMARC record at _dmarc.{} nor _dmarc.{}", outcome.from_domain,
                                       outcome.policy_domain);
  } else {
    outcome.record = discovery.record;
    auto parsed = parse_record(discovery.record);
    if (auto* error = std::get_if<RecordError>(&parsed)) {
      outcome.reason = fmt::format("invalid DMARC record at _dmarc.{}: {}", outcome.policy_domain, error->reason);
    } else {
      record = std::get<Record>(parsed);
      have_record = true;
    }
  }

  bool spf_ok = spf_counts(psl, evidence, outcome.from_domain, record.spf_alignment, outcome.spf_detail);
  bool dkim_ok = false;
  if (evidence.dkim) {
    for (const auto& signature : *evidence.dkim) {
      std::string detail;
      dkim_ok = dkim_counts(psl, signature, outcome.from_domain, record.dkim_alignment, detail) || dkim_ok;
      outcome.dkim_details.push_back(std::move(detail));
    }
  }
  outcome.spf_aligned = spf_ok;
  outcome.dkim_aligned = dkim_ok;
  if (!have_record) return outcome;

  // Section 6.3 sp=: for a subdomain whose record was found at its organizational domain.
  bool subdomain = outcome.policy_domain != outcome.from_domain;
  outcome.policy = subdomain && record.subdomain_policy ? *record.subdomain_policy : record.policy;
  if (spf_ok || dkim_ok) {
    outcome.result = Result::pass;
    outcome.reason = spf_ok && dkim_ok ? "SPF and DKIM aligned" : spf_ok ? "SPF aligned" : "DKIM aligned";
    return outcome;
  }
  outcome.result = Result::fail;
  outcome.reason = fmt::format("neither SPF nor DKIM aligned with {}", outcome.from_domain);
  outcome.disposition = outcome.policy;
  if (sample >= record.percent && outcome.policy != Policy::none) {
    outcome.disposition = sampled_out(outcome.policy);
    outcome.reason += fmt::format("; pct={} sampled this message out", record.percent);
  }
  return outcome;
}

}  // namespace carteiro::mailauth::dmarc
