// `carteiro check`: run the sender checks the MX will run, against live DNS (the configured
// `[dns] servers`), and show what they found.
#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

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
}

}  // namespace carteiro::cli
