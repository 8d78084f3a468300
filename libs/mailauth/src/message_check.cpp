// Everything the MX establishes about one message: SPF for both identities, DKIM, ARC and
// DMARC over them.
#include "carteiro/mailauth/message_check.hpp"

namespace carteiro::mailauth {

MessageVerdict check_message(DnsLookup& dns, const dmarc::PublicSuffixList& psl, const MessageCheckInput& input,
                             std::string_view message) {
  MessageVerdict verdict;
  // No client address: a message read from a file, with nothing for SPF to check.
  if (!input.client_ip.is_unspecified()) {
    verdict.spf_helo = spf_for_helo(dns, input.client_ip, input.helo, input.receiver);
    verdict.spf_mail_from = input.mail_from.empty()
                                ? verdict.spf_helo  // the null path is checked as postmaster@<helo>
                                : spf_for_mail_from(dns, input.client_ip, input.mail_from, input.helo, input.receiver);
  }
  verdict.dkim = dkim::verify_message(message, dns, input.now);
  verdict.arc = arc::verify_chain(message, dns, input.now);

  // RFC 7489 section 3.1.2: DMARC aligns the MAIL FROM domain, or the HELO name when the
  // reverse-path is null (as RFC 7208 section 2.4 checks it then).
  dmarc::Evidence evidence;
  evidence.message = message;
  if (input.mail_from.empty()) {
    evidence.spf = verdict.spf_helo.result;
    evidence.spf_domain = input.helo;
  } else {
    evidence.spf = verdict.spf_mail_from.result;
    std::size_t at = input.mail_from.rfind('@');
    evidence.spf_domain = at == std::string::npos ? std::string() : input.mail_from.substr(at + 1);
  }
  evidence.dkim = &verdict.dkim;
  verdict.dmarc = dmarc::evaluate(dns, psl, evidence, input.dmarc_sample);
  return verdict;
}

}  // namespace carteiro::mailauth
