#include "carteiro/smtp/sender_policy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"

namespace carteiro::smtp {

namespace {

// A domain from the message, for a reply line: letters, digits, '-', '.', '_' (anything
// else becomes '?'), at most a domain name's 253 octets (RFC 1035 section 2.3.4).
std::string domain_for_reply(std::string_view domain) {
  constexpr std::size_t kMaxDomain = 253;
  std::string out;
  for (char c : domain.substr(0, kMaxDomain)) {
    bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '.' || c == '_';
    out += ldh ? c : '?';
  }
  return out;
}

std::string_view domain_of(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? address : address.substr(at + 1);
}

std::string_view action_name(SenderAction action) {
  switch (action) {
    case SenderAction::accept: return "accept";
    case SenderAction::quarantine: return "quarantine";
    case SenderAction::reject_dmarc: return "reject (DMARC policy)";
    case SenderAction::reject_from: return "reject (no single From domain)";
    case SenderAction::reject_spf: return "reject (SPF fail)";
  }
  return "accept";
}

// RFC 8617 section 7.2: the first intermediary's record, believed only from a sealer the
// admin trusts, that the From domain passed DMARC when the message entered the chain.
bool trusted_arc_pass(const mailauth::arc::ChainResult& arc, const std::vector<std::string>& trusted) {
  if (arc.status != mailauth::arc::ChainStatus::pass) return false;
  if (std::find(trusted.begin(), trusted.end(), to_lower(arc.last_sealer)) == trusted.end()) return false;
  // A resinfo "dmarc=pass" (RFC 8601 section 2.2), not a longer word that starts so.
  std::string results = to_lower(arc.first_results);
  for (auto at = results.find("dmarc=pass"); at != std::string::npos; at = results.find("dmarc=pass", at + 1)) {
    bool starts = at == 0 || results[at - 1] == ';' || results[at - 1] == ' ' || results[at - 1] == '\t';
    auto end = at + 10;
    bool ends = end == results.size() || results[end] == ' ' || results[end] == ';' || results[end] == '\t' ||
                results[end] == '(';
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

SenderDecision decide(const mailauth::MessageVerdict& verdict, std::string_view mail_from, bool reject_spf_fail,
                      const std::vector<std::string>& trusted_arc_sealers) {
  using mailauth::dmarc::Policy;
  using mailauth::dmarc::Result;
  const auto& dmarc = verdict.dmarc;
  bool dmarc_forgiven = dmarc.result == Result::fail && dmarc.disposition != Policy::none &&
                        trusted_arc_pass(verdict.arc, trusted_arc_sealers);
  // RFC 7489 section 6.6.1: several From fields, or one naming several domains, or none:
  // no domain to evaluate, and a way to slip past the policy of the one a reader sees.
  if (dmarc.result == Result::permerror && dmarc.from_domain.empty())
    return {SenderAction::reject_from, "Message refused: its From: field must name exactly one author domain "
                                       "(RFC 7489 section 6.6.1)"};
  if (dmarc_forgiven) return {SenderAction::accept, {}, to_lower(verdict.arc.last_sealer)};
  if (dmarc.result == Result::fail && dmarc.disposition == Policy::reject)
    return {SenderAction::reject_dmarc,
            fmt::format("Message refused: the DMARC policy of {} says reject, and this message is not "
                        "authenticated as coming from that domain (neither SPF nor DKIM aligned with From:)",
                        domain_for_reply(dmarc.from_domain))};
  if (reject_spf_fail && verdict.spf_mail_from.result == mailauth::SpfResult::fail) {
    std::string_view domain = mail_from.empty() ? std::string_view() : domain_of(mail_from);
    return {SenderAction::reject_spf,
            domain.empty() ? std::string("SPF validation failed: this host may not send for the HELO name")
                           : fmt::format("SPF validation failed: {} does not allow this host to send its mail",
                                         domain_for_reply(domain))};
  }
  if (dmarc.result == Result::fail && dmarc.disposition == Policy::quarantine) return {SenderAction::quarantine, {}};
  return {};
}

mailauth::MessageVerdict timed_out_verdict(std::string_view why) {
  mailauth::MessageVerdict verdict;
  verdict.spf_helo.result = mailauth::SpfResult::temperror;
  verdict.spf_helo.problem = std::string(why);
  verdict.spf_mail_from = verdict.spf_helo;
  verdict.dmarc.result = mailauth::dmarc::Result::temperror;
  verdict.dmarc.reason = std::string(why);
  return verdict;
}

std::string received_spf_for(const mailauth::MessageCheckInput& input, const mailauth::MessageVerdict& verdict) {
  mailauth::SpfReceivedSpf info;
  bool null_sender = input.mail_from.empty();
  info.outcome = null_sender ? verdict.spf_helo : verdict.spf_mail_from;
  info.identity = null_sender ? mailauth::SpfIdentity::helo : mailauth::SpfIdentity::mailfrom;
  info.client_ip = input.client_ip;
  info.envelope_from = input.mail_from;
  info.helo = input.helo;
  info.receiver = input.receiver;
  return mailauth::received_spf_field(info) + "\r\n";
}

bool forged_results_field(std::string_view name, std::string_view value, std::string_view authserv_id) {
  return iequals(name, "Authentication-Results") && mailauth::claims_authserv_id(value, authserv_id);
}

std::string verdict_summary(const mailauth::MessageVerdict& verdict, const SenderDecision& decision) {
  std::string out = fmt::format("spf={} (helo {})", mailauth::spf_result_name(verdict.spf_mail_from.result),
                                mailauth::spf_result_name(verdict.spf_helo.result));
  if (verdict.dkim.empty()) out += " dkim=none";
  for (const auto& d : verdict.dkim)
    out += fmt::format(" dkim={}:{}", mailauth::dkim::status_name(d.status), printable(d.domain));
  out += fmt::format(" dmarc={}", mailauth::dmarc::result_name(verdict.dmarc.result));
  if (!verdict.dmarc.from_domain.empty())
    out += fmt::format(" (from {}, policy {})", printable(verdict.dmarc.from_domain),
                       mailauth::dmarc::policy_name(verdict.dmarc.policy));
  out += fmt::format(" arc={} -> {}", mailauth::arc::chain_status_name(verdict.arc.status), action_name(decision.action));
  if (!decision.arc_override.empty()) out += fmt::format(" (DMARC failure forgiven: ARC sealed by {})", decision.arc_override);
  return out;
}

}  // namespace carteiro::smtp
