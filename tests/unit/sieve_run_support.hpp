#pragma once
// For Sieve run tests: compile a script, run it on a message, and read the actions as one
// line ("fileinto spam | keep [\\Seen]").
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include "carteiro/sieve/compile.hpp"
#include "carteiro/sieve/run.hpp"

namespace carteiro::test {

struct FakeSieveEnvironment : sieve::Environment {
  std::set<std::string> mailboxes{"INBOX"};
  std::set<std::string> seen;
  bool mailbox_exists(std::string_view name) override { return mailboxes.count(std::string(name)) > 0; }
  bool duplicate_seen(std::string_view key) override { return seen.count(std::string(key)) > 0; }
};

inline std::string flags_text(const std::vector<std::string>& flags) {
  if (flags.empty()) return "";
  std::string out = " [";
  for (std::size_t i = 0; i < flags.size(); ++i) out += (i ? " " : "") + flags[i];
  return out + "]";
}

inline std::string describe(const sieve::Action& action) {
  using namespace sieve;
  if (auto* k = std::get_if<Keep>(&action)) return "keep" + flags_text(k->flags);
  if (auto* f = std::get_if<FileInto>(&action))
    return "fileinto " + f->mailbox + (f->copy ? " :copy" : "") + (f->create ? " :create" : "") + flags_text(f->flags);
  if (auto* r = std::get_if<Redirect>(&action)) return "redirect " + r->address + (r->copy ? " :copy" : "");
  if (std::holds_alternative<Discard>(action)) return "discard";
  if (auto* r = std::get_if<Reject>(&action)) return (r->ereject ? "ereject " : "reject ") + r->reason;
  if (auto* v = std::get_if<Vacation>(&action)) return "vacation " + v->reason;
  return "?";
}

inline std::string describe(const sieve::RunResult& result) {
  std::string out;
  for (const auto& a : result.actions) out += (out.empty() ? "" : " | ") + describe(a);
  return out;
}

inline const std::string kSieveSample =
    "Return-Path: <coyote@desert.example.org>\r\n"
    "Received: from mx.example.org by mail.example.com; Tue, 15 Jan 2008 10:20:30 +0100\r\n"
    "Date: Tue, 15 Jan 2008 10:20:30 +0100\r\n"
    "From: \"Wile E. Coyote\" <coyote@desert.example.org>\r\n"
    "To: roadrunner+birds@acme.example.com, \"Bugs\" <bugs@acme.example.com>\r\n"
    "Cc: friends: elmer@example.net, daffy@example.net;\r\n"
    "Subject: =?UTF-8?Q?I_have_a_present_for_you_=E2=98=BA?=\r\n"
    "Message-ID: <1234@desert.example.org>\r\n"
    "X-Caffeine: C8H10N4O2\r\n"
    "\r\n"
    "Look, I'm sorry about the whole anvil thing.\r\n";

inline sieve::MessageInput sample_input(std::string_view message = kSieveSample) {
  sieve::MessageInput input;
  input.message = message;
  input.envelope_from = "coyote@desert.example.org";
  input.envelope_to = "roadrunner+birds@acme.example.com";
  input.account_address = "roadrunner@acme.example.com";
  input.now = 1200388830;  // Tue, 15 Jan 2008 09:20:30 UTC
  return input;
}

// Runs SCRIPT (which must compile) and returns its result.
inline sieve::RunResult run_sieve(std::string_view script, const sieve::MessageInput& input,
                                  sieve::Environment& environment, const sieve::Limits& limits = {}) {
  auto compiled = sieve::compile(script, limits);
  if (!compiled) {
    FAIL_CHECK("does not compile: " << (compiled.error ? compiled.error->text() : "") << "\n" << script);
    return {};
  }
  return sieve::run(*compiled.script, input, environment, limits);
}

// The actions of SCRIPT on the sample message, as one line.
inline std::string sieve_actions(std::string_view script, std::string_view message = kSieveSample) {
  FakeSieveEnvironment environment;
  auto result = run_sieve(script, sample_input(message), environment);
  if (result.error) return "error: " + *result.error;
  return describe(result);
}

}  // namespace carteiro::test
