#pragma once
// SMTP replies (RFC 5321 section 4.2) with enhanced status codes (RFC 2034, RFC 3463).
// Every reply the server sends is built here, from the named constants below, so that a
// code and its enhanced status never drift apart across handlers.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::smtp {

struct Reply {
  int code;
  std::string_view status;  // enhanced status code "x.y.z"; empty where RFC 2034 section 3 omits it
  std::string_view text;    // the default text, for a human at a telnet prompt
};

// One line: "250 2.1.0 Ok\r\n"; TEXT replaces the default text when not empty.
std::string render(const Reply& reply, std::string_view text = {});
// A multi-line reply (RFC 5321 section 4.2.1): "250-first\r\n" ... "250 last\r\n". Each line
// carries the enhanced status code when the reply has one.
std::string render_lines(const Reply& reply, const std::vector<std::string>& lines);

// 2xx
inline constexpr Reply kGreeting{220, "", "ESMTP Carteiro"};  // RFC 2034 section 3: no status on 220/HELO/EHLO
inline constexpr Reply kHelloOk{250, "", ""};
inline constexpr Reply kClosing{221, "2.0.0", "Bye"};
inline constexpr Reply kOk{250, "2.0.0", "Ok"};
inline constexpr Reply kSenderOk{250, "2.1.0", "Sender ok"};
inline constexpr Reply kRecipientOk{250, "2.1.5", "Recipient ok"};
inline constexpr Reply kQueued{250, "2.0.0", "Ok: queued as"};
inline constexpr Reply kResetOk{250, "2.0.0", "Ok: reset"};
inline constexpr Reply kVerified{250, "2.1.5", ""};
inline constexpr Reply kExpanded{250, "2.1.5", ""};
inline constexpr Reply kCannotVerify{252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"};
inline constexpr Reply kHelp{214, "2.0.0", ""};
inline constexpr Reply kReadyForTls{220, "2.0.0", "Ready to start TLS"};
inline constexpr Reply kAuthOk{235, "2.7.0", "Authentication successful"};
// 3xx (intermediate: no enhanced status, RFC 2034 section 3 applies it to 2xx/4xx/5xx)
inline constexpr Reply kAuthChallenge{334, "", ""};
inline constexpr Reply kStartData{354, "", "End data with <CR><LF>.<CR><LF>"};
// 4xx
inline constexpr Reply kShuttingDown{421, "4.4.2", "Service shutting down, closing connection"};
inline constexpr Reply kIdleTimeout{421, "4.4.2", "Idle timeout exceeded, closing connection"};
// A command line (or the whole login) took longer than [limits] allows, however busy the client.
inline constexpr Reply kTooSlow{421, "4.4.2", "Too slow: command not completed in time, closing connection"};
inline constexpr Reply kTooManyErrors{421, "4.7.0", "Too many errors, closing connection"};
inline constexpr Reply kLocalError{451, "4.3.0", "Local error in processing, try again later"};
// RFC 5321 section 4.2.3 (452) with RFC 3463 X.3.1 (mail system full).
inline constexpr Reply kStorageFull{452, "4.3.1", "Insufficient system storage, try again later"};
inline constexpr Reply kTooManyRecipients{452, "4.5.3", "Too many recipients"};
// RFC 3463 X.2.2: the recipient's mailbox is over its quota; temporary, since its owner
// can make room and the sender's queue tries again (README "Quotas").
inline constexpr Reply kMailboxFull{452, "4.2.2", "Mailbox full"};
inline constexpr Reply kTemporaryAuthFailure{454, "4.7.0", "Temporary authentication failure"};
// The submission sending rate (sending_rate.hpp): RFC 3463 X.7.0, a policy refusal that
// a later retry may pass.
inline constexpr Reply kMessageRateExceeded{451, "4.7.0", "Too many messages sent from this account in the last hour; try again later"};
inline constexpr Reply kRecipientRateExceeded{451, "4.7.0", "Too many recipients from this account in the last hour; try again later"};
inline constexpr Reply kTlsUnavailable{454, "4.7.0", "TLS not available"};
// 5xx
inline constexpr Reply kUnrecognized{500, "5.5.2", "Syntax error, command unrecognized"};
inline constexpr Reply kLineTooLong{500, "5.5.2", "Line too long"};
inline constexpr Reply kNulInCommand{500, "5.5.2", "NUL character in command"};
inline constexpr Reply kBadArguments{501, "5.5.4", "Syntax error in parameters or arguments"};
inline constexpr Reply kBadSenderSyntax{501, "5.1.7", "Bad sender address syntax"};
inline constexpr Reply kBadRecipientSyntax{501, "5.1.3", "Bad recipient address syntax"};
inline constexpr Reply kAuthCancelled{501, "5.0.0", "Authentication cancelled"};
inline constexpr Reply kNotImplemented{502, "5.5.1", "Command not implemented"};
inline constexpr Reply kBadSequence{503, "5.5.1", "Bad sequence of commands"};
inline constexpr Reply kUnknownMechanism{504, "5.5.4", "Unrecognized authentication type"};
inline constexpr Reply kAuthRequired{530, "5.7.0", "Authentication required"};
inline constexpr Reply kTlsRequired{530, "5.7.0", "Must issue a STARTTLS command first"};
inline constexpr Reply kAuthFailed{535, "5.7.8", "Authentication credentials invalid"};
inline constexpr Reply kEncryptionRequired{538, "5.7.11", "Encryption required for requested authentication mechanism"};
inline constexpr Reply kUnknownUser{550, "5.1.1", "User unknown"};
inline constexpr Reply kNotAList{550, "5.1.1", "Not a mailing list"};
inline constexpr Reply kMailLoopRecipient{550, "5.4.6", "Alias expansion loop or too deep"};
inline constexpr Reply kListMembersOnly{550, "5.7.2", "Only members may post to this list"};
inline constexpr Reply kBareNewline{521, "5.5.2", "Bare <LF> or <CR> received in message data; use CRLF line endings"};
inline constexpr Reply kMessageTooBig{552, "5.3.4", "Message size exceeds fixed limit"};
// RFC 1870 section 6.1 with RFC 3463 X.2.2: the declared SIZE is larger than the
// recipient's whole storage quota, so no clean-up can make room for it.
inline constexpr Reply kMessageOverQuota{552, "5.2.2", "Mailbox full: the message is larger than the mailbox's quota"};
inline constexpr Reply kDataLineTooLong{552, "5.3.4", "Line too long in message data"};
inline constexpr Reply kAmbiguousUser{553, "5.1.4", "User ambiguous"};
inline constexpr Reply kSenderNotOwned{553, "5.7.1", "Sender address rejected: not owned by the authenticated user"};
// The header's From:/Sender: on submission (own_addresses.hpp); the text names the field,
// the address and what the account may use.
inline constexpr Reply kAuthorNotOwned{553, "5.7.1", "Author address not owned by the authenticated user"};
// RFC 3463 X.6.0 (a problem with the message's content): no usable From: field.
inline constexpr Reply kAuthorMissing{550, "5.6.0", "Message has no From: header field (RFC 5322 section 3.6.2)"};
inline constexpr Reply kAuthorMalformed{550, "5.6.0", "Malformed From: or Sender: header field (RFC 5322 section 3.6.2)"};
inline constexpr Reply kRelayDenied{554, "5.7.1", "Relay access denied"};
inline constexpr Reply kNoValidRecipients{554, "5.5.1", "No valid recipients"};
inline constexpr Reply kTooManyHops{554, "5.4.6", "Too many hops (mail loop?)"};
inline constexpr Reply kParameterUnsupported{555, "5.5.4", "Unsupported MAIL/RCPT parameter"};

}  // namespace carteiro::smtp
