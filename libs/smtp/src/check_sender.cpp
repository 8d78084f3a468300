// The end of DATA on the MX: who may send for the message's domains (SPF, DKIM, DMARC),
// run off the I/O threads under a deadline, and what the From domain's policy asks.
#include <algorithm>
#include <random>

#include "carteiro/common/ip_network.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/smtp/sender_policy.hpp"
#include "sender_checks.hpp"
#include "session.hpp"

namespace carteiro::smtp {

namespace {

// RFC 7489 section 6.6.4: pct= applies the policy to a random share of the messages.
int dmarc_sample() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_int_distribution<int>(0, 99)(rng);
}

// What follows "Authentication-Results: <authserv-id>;" in FIELD (ours: the hostname holds
// no ';'), for the ARC-Authentication-Results of forwarded copies (RFC 8617 section 4.1.1).
std::string results_payload(std::string_view field) {
  auto semicolon = field.find(';');
  return semicolon == std::string_view::npos ? std::string() : std::string(trim(field.substr(semicolon + 1)));
}

}  // namespace

bool Session::sender_checks_apply() const {
  if (submission() || !ctx_.sender_checks) return false;
  const auto& peer = conn_->info().peer;
  const auto& skip = limits().sender_checks_skip;
  return std::none_of(skip.begin(), skip.end(), [&](const IpNetwork& n) { return n.contains(peer); });
}

asio::awaitable<SenderCheckStep> Session::check_sender(std::shared_ptr<const Spool> message, const std::string& id) {
  SenderCheckStep step;
  if (!sender_checks_apply()) co_return step;
  mailauth::MessageCheckInput input;
  input.client_ip = unmapped(conn_->info().peer);
  input.helo = helo_;
  input.mail_from = tx_.sender;
  input.receiver = ctx_.config.hostname;
  input.now = unix_now();
  input.dmarc_sample = dmarc_sample();
  auto checking = ctx_.sender_checks->check(std::move(message), input);
  mailauth::MessageVerdict verdict = co_await std::move(checking);
  auto decision = decide(verdict, input.mail_from, limits().reject_spf_fail, limits().trusted_arc_sealers);
  log::info("[{}] {}: from {} <{}>: {}", conn_->id(), id, input.client_ip.to_string(), printable(input.mail_from),
            verdict_summary(verdict, decision));
  if (decision.action == SenderAction::reject_dmarc || decision.action == SenderAction::reject_from) {
    reply(kRejectedByDmarc, decision.text);
    step.refused = true;
  } else if (decision.action == SenderAction::reject_spf) {
    reply(kRejectedBySpf, decision.text);
    step.refused = true;
  } else {
    std::string results = mailauth::authentication_results_field(ctx_.config.hostname, input, verdict);
    step.origin = delivery::CheckedOrigin{ctx_.config.hostname, results_payload(results), verdict.arc,
                                          verdict.dmarc.result == mailauth::dmarc::Result::pass};
    step.fields = std::move(results) + received_spf_for(input, verdict);
    step.quarantine = decision.action == SenderAction::quarantine;
  }
  co_return step;
}

}  // namespace carteiro::smtp
