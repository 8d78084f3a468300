#pragma once
// What the MX does with a message once its sender has been checked (SPF, DKIM, DMARC):
// the decision, the header fields that record the checks, and the one log line. Pure:
// the checks themselves run elsewhere (sender_checks.hpp), off the I/O threads.
#include <asio/ip/address.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "carteiro/mailauth/message_check.hpp"

namespace carteiro::smtp {

enum class SenderAction {
  accept,
  quarantine,    // DMARC disposition quarantine: local copies go to the Junk folder
  reject_dmarc,  // 550 5.7.1: the From domain's DMARC policy says reject (RFC 7489 section 6.6.4)
  reject_from,   // 550 5.7.1: no single From domain to evaluate (RFC 7489 section 6.6.1)
  reject_spf,    // 550 5.7.23: SPF fail of MAIL FROM, when [smtp] reject_spf_fail (RFC 7372)
};

struct SenderDecision {
  SenderAction action = SenderAction::accept;
  std::string text;  // a refusal's reply text, naming the domain; empty otherwise
  std::string arc_override{};  // the trusted sealer whose ARC record of a DMARC pass was believed
};

// The disposition DMARC chose (pct= applied by the evaluation) decides; an SPF fail of
// MAIL FROM refuses only with REJECT_SPF_FAIL; temperror and the rest are accepted. A DMARC
// failure is forgiven when the ARC chain passes, its newest sealer is one of
// TRUSTED_ARC_SEALERS (lower case) and the first ARC-Authentication-Results says dmarc=pass
// (RFC 8617 section 7.2, RFC 7489 section 6.7's local policy override).
SenderDecision decide(const mailauth::MessageVerdict& verdict, std::string_view mail_from, bool reject_spf_fail,
                      const std::vector<std::string>& trusted_arc_sealers = {});

// The verdict when the checks gave none (past their deadline, failed, too many waiting):
// every result is temperror (RFC 7208 section 2.6.6, RFC 7489 section 11.2), saying WHY.
mailauth::MessageVerdict timed_out_verdict(std::string_view why);

// RFC 7208 section 9.1: the Received-SPF field for the MAIL FROM identity, or for HELO
// when the reverse-path is null; CRLF-ended.
std::string received_spf_for(const mailauth::MessageCheckInput& input, const mailauth::MessageVerdict& verdict);

// RFC 8601 section 5: true for an Authentication-Results field (NAME, VALUE as in
// HeaderRewrite::remove_if) that claims AUTHSERV_ID; it arrived from outside, so it is a
// forgery and goes before our own field is added.
bool forged_results_field(std::string_view name, std::string_view value, std::string_view authserv_id);

// "spf=pass (helo pass) dkim=pass:example.org dmarc=none arc=none -> accept", for the log.
std::string verdict_summary(const mailauth::MessageVerdict& verdict, const SenderDecision& decision);

}  // namespace carteiro::smtp
