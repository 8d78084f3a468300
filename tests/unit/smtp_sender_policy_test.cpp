// What the MX decides from a sender verdict, the fields that record it, and which
// arriving Authentication-Results fields are forgeries. Pure.
#include <doctest/doctest.h>

#include <string>

#include "carteiro/smtp/message_headers.hpp"
#include "carteiro/smtp/sender_policy.hpp"

using namespace carteiro;
using namespace carteiro::smtp;
using mailauth::dmarc::Policy;
using mailauth::dmarc::Result;

namespace {

mailauth::MessageVerdict dmarc_verdict(Result result, Policy disposition, std::string from_domain = "example.org") {
  mailauth::MessageVerdict v;
  v.dmarc.result = result;
  v.dmarc.from_domain = std::move(from_domain);
  v.dmarc.policy = disposition;
  v.dmarc.disposition = disposition;
  return v;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("sender policy: DMARC disposition decides, pass and none accept") {
  CHECK(decide(dmarc_verdict(Result::pass, Policy::reject), "a@example.org", false).action == SenderAction::accept);
  CHECK(decide(dmarc_verdict(Result::none, Policy::none, ""), "a@example.org", false).action == SenderAction::accept);
  CHECK(decide(dmarc_verdict(Result::fail, Policy::none), "a@example.org", false).action == SenderAction::accept);
  auto quarantine = decide(dmarc_verdict(Result::fail, Policy::quarantine), "a@example.org", false);
  CHECK(quarantine.action == SenderAction::quarantine);
  CHECK(quarantine.text.empty());
  auto reject = decide(dmarc_verdict(Result::fail, Policy::reject), "a@example.org", false);
  CHECK(reject.action == SenderAction::reject_dmarc);
  CHECK(contains(reject.text, "DMARC policy of example.org says reject"));
}

TEST_CASE("sender policy: pct= sampled out means the lesser disposition") {
  auto v = dmarc_verdict(Result::fail, Policy::quarantine);
  v.dmarc.policy = Policy::reject;  // the record says reject, the sample made it quarantine
  CHECK(decide(v, "a@example.org", false).action == SenderAction::quarantine);
}

TEST_CASE("sender policy: temperror accepts, permerror without a From domain refuses") {
  CHECK(decide(dmarc_verdict(Result::temperror, Policy::none), "a@example.org", true).action == SenderAction::accept);
  CHECK(decide(dmarc_verdict(Result::permerror, Policy::none, "example.org"), "", false).action ==
        SenderAction::accept);  // a broken record of one domain: as no policy
  auto several = decide(dmarc_verdict(Result::permerror, Policy::none, ""), "a@example.org", false);
  CHECK(several.action == SenderAction::reject_from);
  CHECK(contains(several.text, "exactly one author domain"));
}

TEST_CASE("sender policy: SPF fail refuses only when asked to") {
  auto v = dmarc_verdict(Result::none, Policy::none, "");
  v.spf_mail_from.result = mailauth::SpfResult::fail;
  CHECK(decide(v, "a@spf.example", false).action == SenderAction::accept);
  auto refused = decide(v, "a@spf.example", true);
  CHECK(refused.action == SenderAction::reject_spf);
  CHECK(contains(refused.text, "spf.example does not allow this host"));
  CHECK(contains(decide(v, "", true).text, "HELO"));
  v.spf_mail_from.result = mailauth::SpfResult::softfail;
  CHECK(decide(v, "a@spf.example", true).action == SenderAction::accept);
  // DMARC reject outranks it: the reply names the policy.
  auto both = dmarc_verdict(Result::fail, Policy::reject);
  both.spf_mail_from.result = mailauth::SpfResult::fail;
  CHECK(decide(both, "a@example.org", true).action == SenderAction::reject_dmarc);
}

TEST_CASE("sender policy: a hostile domain cannot put control bytes or a new line in the reply") {
  auto v = dmarc_verdict(Result::fail, Policy::reject, "evil\r\n250 ok\x01.example");
  auto d = decide(v, "x@y", false);
  CHECK_FALSE(contains(d.text, "\r"));
  CHECK_FALSE(contains(d.text, "\n"));
  CHECK(contains(d.text, "evil??250?ok?.example"));
  auto long_domain = decide(dmarc_verdict(Result::fail, Policy::reject, std::string(5000, 'a')), "x@y", false);
  CHECK(long_domain.text.size() < 500);  // RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets
}

TEST_CASE("sender policy: the deadline's verdict is temperror everywhere and accepted") {
  auto v = timed_out_verdict("sender checks did not finish within 20s");
  CHECK(v.spf_mail_from.result == mailauth::SpfResult::temperror);
  CHECK(v.spf_helo.result == mailauth::SpfResult::temperror);
  CHECK(v.dmarc.result == Result::temperror);
  CHECK(v.spf_mail_from.problem == "sender checks did not finish within 20s");
  CHECK(decide(v, "a@example.org", true).action == SenderAction::accept);
  CHECK(contains(verdict_summary(v, {}), "spf=temperror (helo temperror) dkim=none dmarc=temperror"));
}

TEST_CASE("sender policy: Received-SPF names MAIL FROM, or HELO for the null sender") {
  mailauth::MessageCheckInput input;
  input.client_ip = asio::ip::make_address("192.0.2.1");
  input.helo = "mx.example.org";
  input.mail_from = "a@example.org";
  input.receiver = "mail.example.test";
  mailauth::MessageVerdict v;
  v.spf_mail_from.result = mailauth::SpfResult::pass;
  v.spf_helo.result = mailauth::SpfResult::neutral;
  auto field = received_spf_for(input, v);
  CHECK(field.rfind("Received-SPF: pass ", 0) == 0);
  CHECK(contains(field, "identity=mailfrom"));
  CHECK(field.substr(field.size() - 2) == "\r\n");
  input.mail_from.clear();
  field = received_spf_for(input, v);
  CHECK(field.rfind("Received-SPF: neutral ", 0) == 0);
  CHECK(contains(field, "identity=helo"));
}

TEST_CASE("sender policy: Authentication-Results claiming our authserv-id are removed, others stay") {
  std::string m =
      "Authentication-Results: Mail.Example.Test; spf=pass smtp.mailfrom=a@b\r\n"
      "Authentication-Results: other.example; dkim=pass\r\n"
      "authentication-results:\r\n mail.example.test;\r\n dmarc=pass\r\n"
      "X-Authentication-Results: mail.example.test; none\r\n"
      "Subject: mail.example.test; hi\r\n"
      "\r\nbody\r\n";
  auto index = index_headers(m);
  HeaderRewrite rw;
  rw.prepend = "Authentication-Results: mail.example.test; spf=none\r\n";
  rw.remove_if = [](std::string_view name, std::string_view value) {
    return forged_results_field(name, value, "mail.example.test");
  };
  CHECK(rewrite_message(m, index, rw) ==
        "Authentication-Results: mail.example.test; spf=none\r\n"
        "Authentication-Results: other.example; dkim=pass\r\n"
        "X-Authentication-Results: mail.example.test; none\r\n"
        "Subject: mail.example.test; hi\r\n"
        "\r\nbody\r\n");
}

TEST_CASE("sender policy: field_value on malformed and binary fields") {
  std::string m = "A-R:\r\nX : spaced\r\nB: \x01\xff\r\n";
  auto index = index_headers(m);
  REQUIRE(index.fields.size() == 3);
  CHECK(field_value(m, index.fields[0]) == "\r\n");
  CHECK(field_value(m, index.fields[1]) == " spaced\r\n");
  CHECK(field_value(m, index.fields[2]) == " \x01\xff\r\n");
  CHECK_FALSE(forged_results_field("Authentication-Results", "", "mail.example.test"));
  CHECK_FALSE(forged_results_field("Authentication-Results", ";", "mail.example.test"));
  CHECK_FALSE(forged_results_field("Authentication-Results", "\x01mail.example.test;", "mail.example.test"));
}

TEST_CASE("sender policy: a trusted ARC sealer's record of a DMARC pass forgives a DMARC failure") {
  auto v = dmarc_verdict(Result::fail, Policy::reject);
  v.arc.status = mailauth::arc::ChainStatus::pass;
  v.arc.instances = 1;
  v.arc.last_sealer = "Lists.Example.NET";
  v.arc.first_results = "lists.example.net; spf=pass smtp.mailfrom=a@example.org; dmarc=pass header.from=example.org";
  std::vector<std::string> trusted{"lists.example.net"};
  auto forgiven = decide(v, "a@example.org", false, trusted);
  CHECK(forgiven.action == SenderAction::accept);
  CHECK(forgiven.arc_override == "lists.example.net");
  CHECK(contains(verdict_summary(v, forgiven), "forgiven: ARC sealed by lists.example.net"));
  // Not trusted, not a pass, or no dmarc=pass recorded: the policy applies.
  CHECK(decide(v, "a@example.org", false).action == SenderAction::reject_dmarc);
  CHECK(decide(v, "a@example.org", false, {"other.example"}).action == SenderAction::reject_dmarc);
  auto broken = v;
  broken.arc.status = mailauth::arc::ChainStatus::fail;
  CHECK(decide(broken, "a@example.org", false, trusted).action == SenderAction::reject_dmarc);
  auto failed_then = v;
  failed_then.arc.first_results = "lists.example.net; dmarc=fail header.from=example.org; x-dmarc=passed";
  CHECK(decide(failed_then, "a@example.org", false, trusted).action == SenderAction::reject_dmarc);
  auto lookalike = v;
  lookalike.arc.first_results = "lists.example.net; dmarc=passive";
  CHECK(decide(lookalike, "a@example.org", false, trusted).action == SenderAction::reject_dmarc);
  auto quarantined = dmarc_verdict(Result::fail, Policy::quarantine);
  quarantined.arc = v.arc;
  CHECK(decide(quarantined, "a@example.org", false, trusted).action == SenderAction::accept);
}
