// The SMTP command parsers (smtp/command.hpp, smtpwire/path.hpp), one input line after
// another as a session reads them: the command line, then MAIL / RCPT arguments and their
// ESMTP parameters. Checked: the verb and argument are views of the line; a known verb is
// the one typed; an accepted path holds an address that prints and parses back to itself;
// parameter keywords are upper-case; RCPT takes no parameter; what the outbound client
// writes for an accepted MAIL or RCPT reads back the same.
#include <cstdint>
#include <functional>

#include "carteiro/common/address.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/smtp/command.hpp"
#include "carteiro/smtpwire/path.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace carteiro::smtp;
using namespace carteiro::smtpwire;

bool inside(std::string_view inner, std::string_view outer) {
  if (inner.empty()) return true;
  std::less_equal<const char*> le;
  return le(outer.data(), inner.data()) && le(inner.data() + inner.size(), outer.data() + outer.size());
}

void check_address(const carteiro::Address& a) {
  auto again = carteiro::parse_address(a.text());
  FUZZ_CHECK(again && *again == a);
}

void check_parameters(const std::vector<Parameter>& parameters) {
  for (const Parameter& p : parameters) {
    FUZZ_CHECK(!p.keyword.empty());
    FUZZ_CHECK(p.keyword == carteiro::to_upper(p.keyword));
    FUZZ_CHECK(!p.value || !p.value->empty());
  }
}

// The client's MAIL line for what the server accepted: the same sender and parameters.
void check_mail_command(const MailArgument& mail, const MailParameters& values) {
  std::string sender = mail.sender ? mail.sender->text() : std::string();
  MailArgument again = parse_mail_argument(mail_command(sender, values).substr(5));
  FUZZ_CHECK(again.error == ArgumentError::none);
  FUZZ_CHECK(again.sender == mail.sender);
  CheckedParameters checked = check_mail_parameters(again.parameters);
  FUZZ_CHECK(checked.error == ParameterError::none && checked.values == values);
}

void check_arguments(std::string_view argument) {
  MailArgument mail = parse_mail_argument(argument);
  if (mail.error == ArgumentError::none) {
    if (mail.sender) check_address(*mail.sender);
    check_parameters(mail.parameters);
    CheckedParameters checked = check_mail_parameters(mail.parameters);
    if (checked.error != ParameterError::none) FUZZ_CHECK(!checked.keyword.empty());
    else check_mail_command(mail, checked.values);
  }
  RcptArgument rcpt = parse_rcpt_argument(argument);
  if (rcpt.error == ArgumentError::none) {
    if (rcpt.bare_postmaster) FUZZ_CHECK(rcpt.recipient.domain.empty());
    else check_address(rcpt.recipient);
    check_parameters(rcpt.parameters);
    CheckedParameters checked = check_rcpt_parameters(rcpt.parameters);
    FUZZ_CHECK((checked.error == ParameterError::none) == rcpt.parameters.empty());
    if (!rcpt.bare_postmaster) {
      RcptArgument again = parse_rcpt_argument(rcpt_command(rcpt.recipient.text()).substr(5));
      FUZZ_CHECK(again.error == ArgumentError::none && again.recipient == rcpt.recipient && again.parameters.empty());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  carteiro::fuzz::InputReader input(carteiro::fuzz::as_text(data, size));
  while (!input.empty()) {
    std::string_view line = input.line();
    CommandLine command = parse_command_line(line);
    FUZZ_CHECK(inside(command.verb_text, line));
    FUZZ_CHECK(inside(command.argument, line));
    if (command.verb != Verb::unknown) FUZZ_CHECK(carteiro::iequals(command.verb_text, verb_name(command.verb)));
    if (!command.argument.empty()) FUZZ_CHECK(command.argument.back() != ' ');
    // Every argument through both path parsers, whatever the verb: more of their grammar
    // is reached than by MAIL and RCPT lines alone.
    check_arguments(command.argument);
    check_arguments(line);
  }
  return 0;
}
