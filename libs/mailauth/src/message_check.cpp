// A first cut: SPF, DKIM, DMARC and ARC in sequence, and an unfolded
// Authentication-Results field. To be completed with DMARC.
#include "carteiro/mailauth/message_check.hpp"

#include <fmt/format.h>

#include "carteiro/common/strings.hpp"

namespace carteiro::mailauth {

MessageVerdict check_message(DnsLookup& dns, const dmarc::PublicSuffixList& psl, const MessageCheckInput& input,
                             std::string_view message) {
  MessageVerdict verdict;
  verdict.spf_helo = spf_for_helo(dns, input.client_ip, input.helo, input.receiver);
  verdict.spf_mail_from = spf_for_mail_from(dns, input.client_ip, input.mail_from, input.helo, input.receiver);
  verdict.dkim = dkim::verify_message(message, dns, input.now);
  verdict.arc = arc::verify_chain(message, dns, input.now);
  dmarc::Evidence evidence;
  evidence.message = message;
  evidence.spf = verdict.spf_mail_from.result;
  evidence.dkim = &verdict.dkim;
  verdict.dmarc = dmarc::evaluate(dns, psl, evidence, input.dmarc_sample);
  return verdict;
}

std::string authentication_results_field(std::string_view authserv_id, const MessageCheckInput& input,
                                         const MessageVerdict& verdict) {
  std::string out = fmt::format("Authentication-Results: {};\r\n\tspf={} smtp.mailfrom={}", authserv_id,
                                spf_result_name(verdict.spf_mail_from.result),
                                input.mail_from.empty() ? input.helo : input.mail_from);
  for (const auto& d : verdict.dkim)
    out += fmt::format(";\r\n\tdkim={} header.d={} header.s={}", dkim::status_name(d.status), d.domain, d.selector);
  out += "\r\n";
  return out;
}

bool claims_authserv_id(std::string_view field_value, std::string_view authserv_id) {
  auto id = trim(field_value.substr(0, field_value.find(';')));
  return iequals(id, authserv_id);
}

}  // namespace carteiro::mailauth
