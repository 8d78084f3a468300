#include <fmt/format.h>

#include <optional>

#include "carteiro/common/ip_network.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/spf.hpp"
#include "carteiro/mailauth/spf_record.hpp"

namespace carteiro::mailauth {

namespace {

// What one mechanism's evaluation gives: no match, a match, or an error that ends
// check_host() (temperror or permerror, section 4.6).
struct Term {
  enum { no_match, match, error } kind = no_match;
  SpfOutcome error_outcome;
};

Term matched() { return {Term::match, {}}; }
Term not_matched() { return {Term::no_match, {}}; }
Term failure(SpfResult result, std::string problem) { return {Term::error, {result, {}, {}, std::move(problem)}}; }

SpfResult qualifier_result(SpfQualifier q) {
  switch (q) {
    case SpfQualifier::pass: return SpfResult::pass;
    case SpfQualifier::fail: return SpfResult::fail;
    case SpfQualifier::softfail: return SpfResult::softfail;
    case SpfQualifier::neutral: return SpfResult::neutral;
  }
  return SpfResult::neutral;
}

// Section 4.3: labels of 1-63 octets, at least two of them, at most 253 octets.
bool is_checkable_domain(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty() || domain.size() > kSpfMaxDomainName) return false;
  auto labels = split(domain, '.');
  if (labels.size() < 2) return false;
  for (auto label : labels) {
    if (label.empty() || label.size() > 63) return false;
  }
  return true;
}

bool in_cidr(const asio::ip::address& ip, const asio::ip::address& base, const SpfMechanism& m) {
  auto address = unmapped(base);
  if (address.is_v4() != ip.is_v4()) return false;
  try {
    return IpNetwork::parse(fmt::format("{}/{}", address.to_string(), ip.is_v4() ? m.cidr4 : m.cidr6)).contains(ip);
  } catch (const std::invalid_argument&) {
    return false;
  }
}

// One check_host() call and the limits its recursion shares (section 4.6.4).
class Evaluation {
 public:
  Evaluation(DnsLookup& dns, const asio::ip::address& ip, std::string_view sender, std::string_view helo,
             std::string_view receiver)
      : dns_(dns), ip_(unmapped(ip)), sender_(sender), helo_(helo), receiver_(receiver) {}

  SpfOutcome check(const std::string& domain);

 private:
  Term evaluate(const SpfMechanism& m, const SpfMacroContext& context);
  Term dns_term();
  Term void_lookup(DnsStatus status, const std::string& name);
  Term address_match(const std::string& name, const SpfMechanism& m);
  Term match_a(const std::string& name, const SpfMechanism& m);
  Term match_mx(const std::string& name, const SpfMechanism& m);
  Term match_ptr(const std::string& name);
  Term match_exists(const std::string& name);
  std::vector<std::string> validated_names(const std::string& suffix);
  std::string explanation(const SpfRecord& record, const SpfMacroContext& context);
  SpfMacroContext context_for(const std::string& domain);
  std::string target(const SpfMechanism& m, const SpfMacroContext& context) {
    return m.domain_spec ? spf_query_name(expand_spf_macro_string(*m.domain_spec, context)) : context.domain;
  }
  AddressAnswer addresses(const std::string& name) { return ip_.is_v4() ? dns_.a(name) : dns_.aaaa(name); }

  DnsLookup& dns_;
  asio::ip::address ip_;
  std::string sender_;
  std::string helo_;
  std::string receiver_;
  int dns_terms_ = 0;
  int void_lookups_ = 0;
  std::optional<std::string> validated_name_;  // %{p}, looked up once
};

SpfMacroContext Evaluation::context_for(const std::string& domain) {
  SpfMacroContext context{sender_, domain, ip_, helo_, receiver_, {}};
  context.validated_name = [this, domain]() {
    if (!validated_name_) {
      // Section 7.3: <domain> itself if validated, else a name below it, else any.
      auto names = validated_names("");
      validated_name_ = names.empty() ? std::string("unknown") : names.front();
      for (auto it = names.rbegin(); it != names.rend(); ++it) {
        if (it->ends_with("." + domain)) validated_name_ = *it;
      }
      for (const auto& name : names) {
        if (name == domain) validated_name_ = name;
      }
    }
    return *validated_name_;
  };
  return context;
}

Term Evaluation::dns_term() {
  if (++dns_terms_ > kSpfMaxDnsTerms) {
    return failure(SpfResult::permerror, fmt::format("more than {} DNS-querying terms", kSpfMaxDnsTerms));
  }
  return not_matched();
}

// Answers with no records count against the void lookup limit (section 4.6.4).
Term Evaluation::void_lookup(DnsStatus status, const std::string& name) {
  if (status == DnsStatus::temporary) return failure(SpfResult::temperror, fmt::format("DNS error for {}", name));
  if (status != DnsStatus::ok && ++void_lookups_ > kSpfMaxVoidLookups) {
    return failure(SpfResult::permerror, fmt::format("more than {} void DNS lookups", kSpfMaxVoidLookups));
  }
  return not_matched();
}

Term Evaluation::address_match(const std::string& name, const SpfMechanism& m) {
  auto answer = addresses(name);
  if (answer.status == DnsStatus::temporary) return failure(SpfResult::temperror, fmt::format("DNS error for {}", name));
  for (const auto& address : answer.addresses) {
    if (in_cidr(ip_, address, m)) return matched();
  }
  return not_matched();
}

// Section 5.3.
Term Evaluation::match_a(const std::string& name, const SpfMechanism& m) {
  auto answer = addresses(name);
  auto status = void_lookup(answer.status, name);
  if (status.kind == Term::error) return status;
  for (const auto& address : answer.addresses) {
    if (in_cidr(ip_, address, m)) return matched();
  }
  return not_matched();
}

// Section 5.4; more than 10 MX names is a permerror (section 4.6.4).
Term Evaluation::match_mx(const std::string& name, const SpfMechanism& m) {
  auto answer = dns_.mx(name);
  auto status = void_lookup(answer.status, name);
  if (status.kind == Term::error) return status;
  if (answer.names.size() > kSpfMaxMxNames) {
    return failure(SpfResult::permerror, fmt::format("{} has more than {} MX names", name, kSpfMaxMxNames));
  }
  for (const auto& exchange : answer.names) {
    auto term = address_match(exchange, m);
    if (term.kind != Term::no_match) return term;
  }
  return not_matched();
}

// Section 5.5: the client's PTR names (the first 10) whose own addresses include the
// client, keeping those equal to SUFFIX or below it (any name when SUFFIX is empty).
std::vector<std::string> Evaluation::validated_names(const std::string& suffix) {
  std::vector<std::string> valid;
  auto answer = dns_.ptr(ip_);
  if (answer.status != DnsStatus::ok) return valid;
  std::size_t tried = 0;
  for (const auto& name : answer.names) {
    if (tried++ == kSpfMaxPtrNames) break;
    std::string lower = to_lower(name);
    if (!suffix.empty() && lower != suffix && !lower.ends_with("." + suffix)) continue;
    auto addresses_of = addresses(name);
    for (const auto& address : addresses_of.addresses) {
      if (unmapped(address) == ip_) {
        valid.push_back(lower);
        break;
      }
    }
  }
  return valid;
}

Term Evaluation::match_ptr(const std::string& name) {
  return validated_names(to_lower(name)).empty() ? not_matched() : matched();
}

// Section 5.7: an A query whatever the client's address family.
Term Evaluation::match_exists(const std::string& name) {
  auto answer = dns_.a(name);
  auto status = void_lookup(answer.status, name);
  if (status.kind == Term::error) return status;
  return answer.addresses.empty() ? not_matched() : matched();
}

Term Evaluation::evaluate(const SpfMechanism& m, const SpfMacroContext& context) {
  if (m.kind == SpfMechanismKind::all) return matched();
  if (m.kind == SpfMechanismKind::ip4 || m.kind == SpfMechanismKind::ip6) {
    return in_cidr(ip_, m.network, m) ? matched() : not_matched();
  }
  auto counted = dns_term();
  if (counted.kind == Term::error) return counted;
  std::string name = target(m, context);
  switch (m.kind) {
    case SpfMechanismKind::a: return match_a(name, m);
    case SpfMechanismKind::mx: return match_mx(name, m);
    case SpfMechanismKind::ptr: return match_ptr(name);
    case SpfMechanismKind::exists: return match_exists(name);
    default: break;
  }
  // include (section 5.2): the table of the recursive check_host() results.
  auto inner = check(name);
  switch (inner.result) {
    case SpfResult::pass: return matched();
    case SpfResult::fail:
    case SpfResult::softfail:
    case SpfResult::neutral: return not_matched();
    case SpfResult::temperror:
    case SpfResult::permerror: return {Term::error, inner};
    case SpfResult::none: break;
  }
  return failure(SpfResult::permerror, fmt::format("included domain {} has no SPF record", name));
}

// Section 6.2: any failure to build the explanation leaves it empty.
std::string Evaluation::explanation(const SpfRecord& record, const SpfMacroContext& context) {
  std::string name = spf_query_name(expand_spf_macro_string(*record.exp, context));
  if (name.empty()) return {};
  auto answer = dns_.txt(name);
  if (answer.status != DnsStatus::ok || answer.records.size() != 1) return {};
  std::string error;
  auto pieces = parse_spf_macro_string(answer.records.front(), SpfMacroSyntax::explanation, error);
  if (!pieces) return {};
  return expand_spf_macro_string(*pieces, context);
}

SpfOutcome Evaluation::check(const std::string& domain) {
  if (!is_checkable_domain(domain)) return {SpfResult::none, {}, {}, {}};
  auto answer = dns_.txt(domain);
  if (answer.status == DnsStatus::temporary) {
    return {SpfResult::temperror, {}, {}, fmt::format("DNS error looking up {}: {}", domain, answer.error)};
  }
  // Section 4.5: exactly one record starting with "v=spf1".
  const std::string* chosen = nullptr;
  for (const auto& text : answer.records) {
    if (!is_spf_record(text)) continue;
    if (chosen != nullptr) return {SpfResult::permerror, {}, {}, fmt::format("{} has more than one SPF record", domain)};
    chosen = &text;
  }
  if (chosen == nullptr) return {SpfResult::none, {}, {}, {}};
  auto parsed = parse_spf_record(*chosen);
  if (!parsed.record) return {SpfResult::permerror, {}, {}, fmt::format("{}: {}", domain, parsed.error)};
  const SpfRecord& record = *parsed.record;
  auto context = context_for(domain);

  for (const auto& m : record.mechanisms) {
    auto term = evaluate(m, context);
    if (term.kind == Term::error) return term.error_outcome;
    if (term.kind == Term::no_match) continue;
    SpfOutcome outcome{qualifier_result(m.qualifier), m.text, {}, {}};
    if (outcome.result == SpfResult::fail && record.exp) outcome.explanation = explanation(record, context);
    return outcome;
  }
  if (!record.redirect) return {SpfResult::neutral, {}, {}, {}};
  // Section 6.1: the redirect target's result is the result, except none -> permerror.
  auto counted = dns_term();
  if (counted.kind == Term::error) return counted.error_outcome;
  std::string name = spf_query_name(expand_spf_macro_string(*record.redirect, context));
  auto outcome = check(name);
  if (outcome.result == SpfResult::none) {
    return {SpfResult::permerror, {}, {}, fmt::format("redirect target {} has no SPF record", name)};
  }
  return outcome;
}

}  // namespace

std::string_view spf_result_name(SpfResult result) {
  switch (result) {
    case SpfResult::none: return "none";
    case SpfResult::neutral: return "neutral";
    case SpfResult::pass: return "pass";
    case SpfResult::fail: return "fail";
    case SpfResult::softfail: return "softfail";
    case SpfResult::temperror: return "temperror";
    case SpfResult::permerror: return "permerror";
  }
  return "none";
}

SpfOutcome check_host(DnsLookup& dns, const asio::ip::address& ip, std::string_view domain, std::string_view sender,
                      std::string_view helo, std::string_view receiver) {
  // Section 4.3: a sender without a local-part is read as postmaster@<domain>.
  std::string full_sender(sender);
  if (full_sender.empty() || full_sender.front() == '@') full_sender = "postmaster@" + std::string(domain);
  else if (full_sender.find('@') == std::string::npos) full_sender = "postmaster@" + full_sender;
  Evaluation evaluation(dns, ip, full_sender, helo, receiver);
  return evaluation.check(spf_query_name(to_lower(domain)));
}

SpfOutcome spf_for_mail_from(DnsLookup& dns, const asio::ip::address& ip, std::string_view mail_from,
                             std::string_view helo, std::string_view receiver) {
  if (mail_from.empty()) return spf_for_helo(dns, ip, helo, receiver);
  auto at = mail_from.rfind('@');
  auto domain = at == std::string_view::npos ? mail_from : mail_from.substr(at + 1);
  return check_host(dns, ip, domain, mail_from, helo, receiver);
}

SpfOutcome spf_for_helo(DnsLookup& dns, const asio::ip::address& ip, std::string_view helo,
                        std::string_view receiver) {
  return check_host(dns, ip, helo, fmt::format("postmaster@{}", helo), helo, receiver);
}

}  // namespace carteiro::mailauth
