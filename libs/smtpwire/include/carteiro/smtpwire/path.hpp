#pragma once
// The arguments of MAIL and RCPT (RFC 5321 section 4.1.1.2, 4.1.1.3 and the path grammar
// of section 4.1.2) and the ESMTP parameters the server offers (SIZE RFC 1870, BODY
// RFC 6152, SMTPUTF8 RFC 6531, AUTH RFC 4954 section 5, MT-PRIORITY RFC 6710): parsed
// as the server reads them, written as the outbound client sends them. Pure: no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/common/address.hpp"

namespace carteiro::smtpwire {

// esmtp-param = esmtp-keyword ["=" esmtp-value]; the keyword is upper-cased.
struct Parameter {
  std::string keyword;
  std::optional<std::string> value;
};

enum class ArgumentError {
  none,
  syntax,       // not "FROM:<path>" / "TO:<path>" or malformed parameters: 501 5.5.4
  bad_address,  // the path is there but the mailbox is malformed: 501 5.1.7 / 5.1.3
};

struct MailArgument {
  ArgumentError error = ArgumentError::none;
  std::optional<Address> sender;  // nullopt: the null reverse-path <>
  std::vector<Parameter> parameters;
};

struct RcptArgument {
  ArgumentError error = ArgumentError::none;
  Address recipient;               // empty domain when bare_postmaster
  bool bare_postmaster = false;    // "<Postmaster>" without a domain (section 4.1.1.3)
  std::vector<Parameter> parameters;
};

// ARGUMENT is what follows the verb: "FROM:<a@b> SIZE=100". A space after the colon is
// accepted, and so is an address without angle brackets (as Postfix accepts by default).
MailArgument parse_mail_argument(std::string_view argument);
RcptArgument parse_rcpt_argument(std::string_view argument);

// The MAIL parameters this server honours, checked.
struct MailParameters {
  std::optional<std::uint64_t> size;  // SIZE=n
  bool eight_bit_mime = false;         // BODY=8BITMIME
  bool smtputf8 = false;
  std::optional<std::string> auth;     // AUTH=<> or an xtext mailbox; informational only
  std::optional<int> mt_priority;      // MT-PRIORITY=-9..9 (mt_priority.hpp)
  bool operator==(const MailParameters&) const = default;
};

enum class ParameterError {
  none,
  unsupported,  // a keyword this server does not offer: 555 5.5.4 (section 4.1.1.11)
  bad_value,    // a known keyword with a malformed or repeated value: 501 5.5.4
};

struct CheckedParameters {
  ParameterError error = ParameterError::none;
  std::string keyword;  // the offending one, for the reply text
  MailParameters values;
};

CheckedParameters check_mail_parameters(const std::vector<Parameter>& parameters);
// RCPT has no parameters here (DSN's NOTIFY/ORCPT are not offered): any is unsupported.
CheckedParameters check_rcpt_parameters(const std::vector<Parameter>& parameters);

// The same grammar written by the client: "MAIL FROM:<sender> SIZE=n BODY=8BITMIME
// SMTPUTF8 MT-PRIORITY=n" and "RCPT TO:<recipient>", without the CRLF. An empty SENDER is the null
// reverse-path "<>". The addresses are written as given: they are local@domain already,
// as parse_mail_argument() and parse_rcpt_argument() accepted them.
std::string mail_command(std::string_view sender, const MailParameters& parameters);
std::string rcpt_command(std::string_view recipient);

}  // namespace carteiro::smtpwire
