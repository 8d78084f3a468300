// `carteiro check spf`, `check dkim` and `check dmarc`: run the sender checks the MX will run, against live DNS
// (the configured `[dns] servers`), and show what they found.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "carteiro/mailauth/dkim_verify.hpp"
#include "carteiro/mailauth/message_check.hpp"
#include "carteiro/mailauth/spf.hpp"
#include "carteiro/mailauth/unbound_lookup.hpp"
#include "commands.hpp"

namespace carteiro::cli {

namespace {

struct SpfArgs {
  std::string ip;
  std::string mail_from;
  std::string helo;
};

// Why the result is what it is: the directive that matched, or what went wrong.
std::string spf_reason(const mailauth::SpfOutcome& outcome) {
  if (!outcome.problem.empty()) return outcome.problem;
  if (!outcome.mechanism.empty()) return "matched " + outcome.mechanism;
  if (outcome.result == mailauth::SpfResult::none) return "no SPF record";
  return "no mechanism matched";
}

void print_spf(std::string_view identity, const mailauth::SpfOutcome& outcome) {
  fmt::print("{}: {} ({})\n", identity, mailauth::spf_result_name(outcome.result), spf_reason(outcome));
  if (!outcome.explanation.empty()) fmt::print("  explanation: {}\n", outcome.explanation);
}

// The client address given on the command line; nullopt (status 2) when it is not one.
std::optional<asio::ip::address> client_address(Context& ctx, const std::string& text) {
  asio::error_code ec;
  auto ip = asio::ip::make_address(text, ec);
  if (!ec) return ip;
  std::fprintf(stderr, "carteiro: \"%s\" is not an IP address\n", text.c_str());
  ctx.status = 2;
  return std::nullopt;
}

// The message file as it is; nullopt (status 2) when it cannot be read.
std::optional<std::string> read_message(Context& ctx, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "carteiro: cannot read %s\n", file.c_str());
    ctx.status = 2;
    return std::nullopt;
  }
  std::ostringstream message;
  message << in.rdbuf();
  return message.str();
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

void check_spf(Context& ctx, const SpfArgs& args) {
  auto address = client_address(ctx, args.ip);
  if (!address) return;
  const auto& ip = *address;
  try {
    mailauth::UnboundLookup dns(ctx.config.dns.servers);
    auto mail_from = mailauth::spf_for_mail_from(dns, ip, args.mail_from, args.helo);
    auto helo = mailauth::spf_for_helo(dns, ip, args.helo);
    print_spf("mail from", mail_from);
    print_spf("helo", helo);
    mailauth::SpfReceivedSpf received;
    received.outcome = mail_from;
    received.identity = mailauth::SpfIdentity::mailfrom;
    received.client_ip = ip;
    received.envelope_from = args.mail_from;
    received.helo = args.helo;
    fmt::print("{}\n", mailauth::received_spf_field(received));
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "carteiro: %s\n", e.what());
    ctx.status = 1;
  }
}

void print_dkim(const mailauth::dkim::Result& result) {
  fmt::print("dkim: {} d={} s={} a={}{}{}\n", mailauth::dkim::status_name(result.status), result.domain,
             result.selector, result.algorithm, result.testing ? " (testing)" : "",
             result.reason.empty() ? "" : " (" + result.reason + ")");
  if (result.content_beyond_length) fmt::print("  content beyond l= is not signed\n");
  for (const auto& field : result.unsigned_fields) fmt::print("  unsigned {} field above the signed ones\n", field);
}

void check_dkim(Context& ctx, const std::string& file) {
  auto message = read_message(ctx, file);
  if (!message) return;
  try {
    mailauth::UnboundLookup dns(ctx.config.dns.servers);
    auto results = mailauth::dkim::verify_message(*message, dns, now());
    if (results.empty()) fmt::print("dkim: none (no DKIM-Signature field)\n");
    for (const auto& result : results) print_dkim(result);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "carteiro: %s\n", e.what());
    ctx.status = 1;
  }
}

struct DmarcArgs {
  std::string file;
  std::string ip;  // empty: SPF is not checked
  std::string mail_from;
  std::string helo;
};

// Exit statuses of `check dmarc` beyond 0 (pass or no policy), 1 (DNS or list set-up) and 2 (arguments).
constexpr int kDmarcFailed = 3;
constexpr int kDmarcError = 4;

// What an admin asks of a message that went to Junk: which policy, and what counted for it.
void print_dmarc(const DmarcArgs& args, const mailauth::MessageVerdict& verdict) {
  const auto& dmarc = verdict.dmarc;
  namespace d = mailauth::dmarc;
  if (dmarc.from_domain.empty())
    fmt::print("from domain: none ({})\n", dmarc.reason);
  else
    fmt::print("from domain: {}\n", dmarc.from_domain);
  if (!dmarc.record.empty()) {
    fmt::print("record: _dmarc.{}: {}\n", dmarc.policy_domain, dmarc.record);
    if (dmarc.policy_domain != dmarc.from_domain) fmt::print("  (the organizational domain's record)\n");
  }
  if (dmarc.result == d::Result::pass || dmarc.result == d::Result::fail)
    fmt::print("policy: {}, disposition: {}\n", d::policy_name(dmarc.policy), d::policy_name(dmarc.disposition));
  if (args.ip.empty()) {
    fmt::print("spf: not checked (no --ip)\n");
  } else {
    bool null_path = args.mail_from.empty();
    fmt::print("spf ({}): {}\n", null_path ? "helo, MAIL FROM is null" : "mail from", dmarc.spf_detail);
    const auto& spf = null_path ? verdict.spf_helo : verdict.spf_mail_from;
    fmt::print("  {}\n", spf_reason(spf));
  }
  if (verdict.dkim.empty()) fmt::print("dkim: none (no DKIM-Signature field)\n");
  for (std::size_t i = 0; i < verdict.dkim.size(); ++i) {
    print_dkim(verdict.dkim[i]);
    if (i < dmarc.dkim_details.size()) fmt::print("  for DMARC: {}\n", dmarc.dkim_details[i]);
  }
  if (verdict.arc.instances > 0)
    fmt::print("arc: {} ({} sets){}\n", mailauth::arc::chain_status_name(verdict.arc.status), verdict.arc.instances,
               verdict.arc.reason.empty() ? "" : ": " + verdict.arc.reason);
  fmt::print("dmarc: {}{}\n", d::result_name(dmarc.result), dmarc.reason.empty() ? "" : " (" + dmarc.reason + ")");
}

void check_dmarc(Context& ctx, const DmarcArgs& args) {
  mailauth::MessageCheckInput input;
  if (!args.ip.empty()) {
    auto ip = client_address(ctx, args.ip);
    if (!ip) return;
    input.client_ip = *ip;
  }
  auto message = read_message(ctx, args.file);
  if (!message) return;
  input.helo = args.helo;
  input.mail_from = args.mail_from;
  input.receiver = ctx.config.hostname;
  input.now = now();
  input.dmarc_sample = 0;  // as if pct= sampled the message in, unless pct=0
  try {
    auto psl = mailauth::dmarc::PublicSuffixList::load();
    mailauth::UnboundLookup dns(ctx.config.dns.servers);
    auto verdict = mailauth::check_message(dns, psl, input, *message);
    print_dmarc(args, verdict);
    auto field = mailauth::authentication_results_field(ctx.config.hostname, input, verdict);
    for (std::size_t crlf; (crlf = field.find("\r\n")) != std::string::npos;) field.erase(crlf, 1);
    fmt::print("{}", field);
    auto result = verdict.dmarc.result;
    if (result == mailauth::dmarc::Result::fail) ctx.status = kDmarcFailed;
    if (result == mailauth::dmarc::Result::temperror || result == mailauth::dmarc::Result::permerror)
      ctx.status = kDmarcError;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "carteiro: %s\n", e.what());
    ctx.status = 1;
  }
}

}  // namespace

void add_check_commands(CLI::App& app, Context& ctx) {
  auto* check = app.add_subcommand("check", "Run sender authentication checks against DNS ([dns] servers)");
  check->require_subcommand(1);

  auto spf = std::make_shared<SpfArgs>();
  auto* spf_command = check->add_subcommand("spf", "SPF (RFC 7208) for a client IP, MAIL FROM and HELO");
  spf_command->add_option("IP", spf->ip, "the client's IP address")->required();
  spf_command->add_option("MAIL-FROM", spf->mail_from, "the reverse-path, without <> (\"\" for the null one)")
      ->required();
  spf_command->add_option("HELO", spf->helo, "the name given in HELO/EHLO")->required();
  spf_command->callback([&ctx, spf] { check_spf(ctx, *spf); });

  auto file = std::make_shared<std::string>();
  auto* dkim_command = check->add_subcommand("dkim", "DKIM (RFC 6376): verify every signature of a message file");
  dkim_command->add_option("FILE", *file, "the message as received (CRLF or LF line ends)")->required();
  dkim_command->callback([&ctx, file] { check_dkim(ctx, *file); });

  auto dmarc = std::make_shared<DmarcArgs>();
  auto* dmarc_command = check->add_subcommand(
      "dmarc", "DMARC (RFC 7489) for a message file, with its DKIM signatures and, given --ip, SPF; prints the "
               "policy, what aligned and why, and the Authentication-Results field the MX would add");
  dmarc_command->add_option("FILE", dmarc->file, "the message as received (CRLF or LF line ends)")->required();
  dmarc_command->add_option("--ip", dmarc->ip, "the client's IP address (without it SPF is not checked)");
  dmarc_command->add_option("--mail-from", dmarc->mail_from, "the reverse-path, without <> (default: the null one)");
  dmarc_command->add_option("--helo", dmarc->helo, "the name given in HELO/EHLO");
  dmarc_command->footer(
      "Exit status: 0 DMARC passed or the domain has no policy, 3 DMARC failed (the policy applies), 4 temperror "
      "or permerror (e.g. several From fields: the MX refuses those), 1 DNS or Public Suffix List trouble, 2 bad "
      "arguments or an unreadable file. pct= is applied as if the message were sampled in.");
  dmarc_command->callback([&ctx, dmarc] { check_dmarc(ctx, *dmarc); });
}

}  // namespace carteiro::cli
