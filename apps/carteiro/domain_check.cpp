#include "domain_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <variant>

#include "carteiro/common/strings.hpp"
#include "carteiro/mailauth/dkim_tags.hpp"
#include "carteiro/mailauth/dns_srv.hpp"
#include "carteiro/mailauth/spf.hpp"
#include "carteiro/mailauth/unbound_lookup.hpp"

namespace carteiro::cli {

namespace {

struct Verdict {
  std::string status;  // ok, missing, wrong, dns-error
  std::string detail;
};

Verdict ok(std::string detail) { return {"ok", std::move(detail)}; }
Verdict missing(std::string detail) { return {"missing", std::move(detail)}; }
Verdict wrong(std::string detail) { return {"wrong", std::move(detail)}; }

bool starts_with_tag(std::string_view record, std::string_view version) {
  return record.size() >= version.size() && iequals(record.substr(0, version.size()), version) &&
         (record.size() == version.size() || record[version.size()] == ';' || record[version.size()] == ' ');
}

class Checker {
 public:
  Checker(const Config& config, std::string domain)
      : domain_(std::move(domain)), host_(to_lower(config.hostname)), dns_(config.dns.servers),
        raw_(config.dns.servers) {}

  Verdict judge(const PublishedRecord& r) {
    switch (r.kind) {
      case RecordKind::mx: return mx();
      case RecordKind::spf: return spf();
      case RecordKind::dkim: return dkim(r);
      case RecordKind::dmarc: return versioned(r, "v=DMARC1", true);
      case RecordKind::mta_sts: return mta_sts(r);
      case RecordKind::tls_rpt: return versioned(r, "v=TLSRPTv1", false);
      case RecordKind::srv: return srv(r);
    }
    return wrong("unknown record");
  }

 private:
  // TXT records at NAME starting with VERSION; a Verdict when there is nothing to judge.
  std::variant<std::vector<std::string>, Verdict> txt_with(const std::string& name, std::string_view version) {
    auto answer = dns_.txt(name);
    if (answer.status == mailauth::DnsStatus::temporary) return Verdict{"dns-error", name + ": " + answer.error};
    std::vector<std::string> found;
    for (const auto& text : answer.records)
      if (starts_with_tag(text, version)) found.push_back(text);
    if (found.empty()) return missing(fmt::format("no {} TXT record at {}", version, name));
    return found;
  }

  Verdict mx() {
    auto answer = dns_.mx(domain_);
    if (answer.status == mailauth::DnsStatus::temporary) return {"dns-error", answer.error};
    if (answer.names.empty()) return missing("no MX record: mail for " + domain_ + " cannot find " + host_);
    if (std::find(answer.names.begin(), answer.names.end(), host_) == answer.names.end())
      return wrong(fmt::format("MX points to {}, not to {}", fmt::join(answer.names, ", "), host_));
    return ok("MX points to " + host_);
  }

  // RFC 7208 section 4.5: more than one record is a permerror; then check_host() must pass
  // for each address of our hostname (the addresses the queue sends from).
  Verdict spf() {
    auto found = txt_with(domain_, "v=spf1");
    if (auto* verdict = std::get_if<Verdict>(&found)) return *verdict;
    auto& records = std::get<std::vector<std::string>>(found);
    if (records.size() > 1) return wrong("more than one SPF record (a permerror for every receiver)");
    std::vector<asio::ip::address> addresses;
    for (auto answer : {dns_.a(host_), dns_.aaaa(host_)})
      addresses.insert(addresses.end(), answer.addresses.begin(), answer.addresses.end());
    if (addresses.empty()) return wrong(host_ + " has no address record: SPF cannot be checked for it");
    for (const auto& ip : addresses) {
      auto outcome = mailauth::check_host(dns_, ip, domain_, "postmaster@" + domain_, host_);
      if (outcome.result != mailauth::SpfResult::pass)
        return wrong(fmt::format("\"{}\" gives {} for {} ({})", records[0], mailauth::spf_result_name(outcome.result),
                                 ip.to_string(), outcome.problem.empty() ? "not authorized" : outcome.problem));
    }
    return ok(fmt::format("\"{}\" passes for {}", records[0], host_));
  }

  // Published and equal: the same key type and public key (spacing and tag order may differ).
  Verdict dkim(const PublishedRecord& r) {
    auto found = txt_with(r.name, "v=DKIM1");
    if (auto* verdict = std::get_if<Verdict>(&found)) return *verdict;
    auto expected = std::get<mailauth::dkim::Key>(mailauth::dkim::parse_key_record(r.text));
    for (const auto& text : std::get<std::vector<std::string>>(found)) {
      auto parsed = mailauth::dkim::parse_key_record(text);
      auto* key = std::get_if<mailauth::dkim::Key>(&parsed);
      if (key && key->type == expected.type && key->public_key == expected.public_key) return ok(r.name + " published");
    }
    return wrong(r.name + " holds another key than this server signs with (publish the record of `domain dns`)");
  }

  Verdict versioned(const PublishedRecord& r, std::string_view version, bool needs_policy) {
    auto found = txt_with(r.name, version);
    if (auto* verdict = std::get_if<Verdict>(&found)) return *verdict;
    const auto& text = std::get<std::vector<std::string>>(found).front();
    if (needs_policy) {
      // RFC 7489 section 6.3: a tag-value list like DKIM's (section 6.4 requires p=).
      auto tags = mailauth::dkim::parse_tag_list(text);
      auto* list = std::get_if<mailauth::dkim::TagList>(&tags);
      if (!list || !list->find("p")) return wrong(r.name + ": no p= policy in \"" + text + "\"");
    }
    return ok("\"" + text + "\"");
  }

  // The id must change whenever the policy does (RFC 8461 section 3.1), or senders keep the old one.
  Verdict mta_sts(const PublishedRecord& r) {
    auto found = txt_with(r.name, "v=STSv1");
    if (auto* verdict = std::get_if<Verdict>(&found)) return *verdict;
    const auto& text = std::get<std::vector<std::string>>(found).front();
    std::string id = r.text.substr(r.text.find("id="));
    if (text.find(id) == std::string::npos)
      return wrong(fmt::format("\"{}\" does not carry this policy's {}: senders keep an older policy", text, id));
    return ok("\"" + text + "\"");
  }

  Verdict srv(const PublishedRecord& r) {
    auto answer = raw_.query(r.name, mailauth::dns_type::srv);
    if (answer.status == mailauth::DnsStatus::temporary) return {"dns-error", r.name + ": " + answer.error};
    mailauth::SrvRecord expected{r.preference, r.weight, r.port, r.text};
    std::string want = fmt::format("port {} on {}", r.port, r.text.empty() ? "\".\" (not offered)" : r.text);
    if (answer.rdata.empty()) return missing(r.name + " SRV: " + want);
    for (const auto& rdata : answer.rdata) {
      auto record = mailauth::parse_srv_rdata(rdata);
      if (record && record->port == expected.port && record->target == expected.target) return ok(r.name + ": " + want);
    }
    return wrong(r.name + " SRV does not say " + want);
  }

  std::string domain_;
  std::string host_;
  mailauth::UnboundLookup dns_;
  mailauth::UnboundContext raw_;  // for SRV, which DnsLookup does not ask
};

std::string_view kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::mx: return "MX";
    case RecordKind::spf: return "SPF";
    case RecordKind::dkim: return "DKIM";
    case RecordKind::dmarc: return "DMARC";
    case RecordKind::mta_sts: return "MTA-STS";
    case RecordKind::tls_rpt: return "TLS-RPT";
    case RecordKind::srv: return "SRV";
  }
  return "?";
}

}  // namespace

bool check_records(const Config& config, const std::string& domain, const std::vector<PublishedRecord>& records) {
  Checker checker(config, domain);
  bool all_ok = true;
  for (const auto& record : records) {
    Verdict verdict = checker.judge(record);
    // A retired key may already be gone from DNS: worth a note, not a failure.
    if (record.retired_key && verdict.status != "ok") verdict = {"note", "retired key " + record.name + " no longer published"};
    else if (verdict.status != "ok") all_ok = false;
    fmt::print("{:<9} {:<7} {}\n", verdict.status, kind_name(record.kind), verdict.detail);
  }
  fmt::print("{}\n", all_ok ? "all records are in place" : "some records are missing or wrong");
  return all_ok;
}

}  // namespace carteiro::cli
