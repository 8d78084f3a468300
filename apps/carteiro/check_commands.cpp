// `carteiro check spf` and `check dkim`: run the sender checks the MX will run, against live DNS (the configured
// `[dns] servers`), and show what they found.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "carteiro/mailauth/dkim_verify.hpp"
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

void check_spf(Context& ctx, const SpfArgs& args) {
  asio::error_code ec;
  auto ip = asio::ip::make_address(args.ip, ec);
  if (ec) {
    std::fprintf(stderr, "carteiro: \"%s\" is not an IP address\n", args.ip.c_str());
    ctx.status = 2;
    return;
  }
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
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "carteiro: cannot read %s\n", file.c_str());
    ctx.status = 2;
    return;
  }
  std::ostringstream message;
  message << in.rdbuf();
  try {
    mailauth::UnboundLookup dns(ctx.config.dns.servers);
    auto results = mailauth::dkim::verify_message(message.str(), dns, static_cast<std::int64_t>(std::time(nullptr)));
    if (results.empty()) fmt::print("dkim: none (no DKIM-Signature field)\n");
    for (const auto& result : results) print_dkim(result);
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
}

}  // namespace carteiro::cli
