#pragma once
// The named replies of RFC 5321 (section 4.2) with their enhanced status codes (RFC 2034,
// RFC 3463), as Carteiro's SMTP server sends them. Every reply the server sends is one of
// these, so that a code and its enhanced status never drift apart across handlers; each is
// checked against the reply grammar when compiled (FixedReply in reply.hpp).
#include "carteiro/smtpwire/reply.hpp"

namespace carteiro::smtpwire {

// 2xx
inline constexpr FixedReply kGreeting{220, "", "ESMTP Carteiro"};  // RFC 2034 section 3: no status on 220/HELO/EHLO
inline constexpr FixedReply kHelloOk{250, "", ""};
inline constexpr FixedReply kClosing{221, "2.0.0", "Bye"};
inline constexpr FixedReply kOk{250, "2.0.0", "Ok"};
inline constexpr FixedReply kSenderOk{250, "2.1.0", "Sender ok"};
inline constexpr FixedReply kRecipientOk{250, "2.1.5", "Recipient ok"};
inline constexpr FixedReply kQueued{250, "2.0.0", "Ok: queued as"};
inline constexpr FixedReply kResetOk{250, "2.0.0", "Ok: reset"};
inline constexpr FixedReply kVerified{250, "2.1.5", ""};
inline constexpr FixedReply kExpanded{250, "2.1.5", ""};
inline constexpr FixedReply kCannotVerify{252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"};
inline constexpr FixedReply kHelp{214, "2.0.0", ""};
inline constexpr FixedReply kReadyForTls{220, "2.0.0", "Ready to start TLS"};
inline constexpr FixedReply kAuthOk{235, "2.7.0", "Authentication successful"};
// 3xx (intermediate: no enhanced status, RFC 2034 section 3 applies it to 2xx/4xx/5xx)
inline constexpr FixedReply kAuthChallenge{334, "", ""};
inline constexpr FixedReply kStartData{354, "", "End data with <CR><LF>.<CR><LF>"};
// 4xx
inline constexpr FixedReply kShuttingDown{421, "4.4.2", "Service shutting down, closing connection"};
inline constexpr FixedReply kIdleTimeout{421, "4.4.2", "Idle timeout exceeded, closing connection"};
// A command line (or the whole login) took longer than [limits] allows, however busy the client.
inline constexpr FixedReply kTooSlow{421, "4.4.2", "Too slow: command not completed in time, closing connection"};
inline constexpr FixedReply kTooManyErrors{421, "4.7.0", "Too many errors, closing connection"};
inline constexpr FixedReply kLocalError{451, "4.3.0", "Local error in processing, try again later"};
// RFC 5321 section 4.2.3 (452) with RFC 3463 X.3.1 (mail system full).
inline constexpr FixedReply kStorageFull{452, "4.3.1", "Insufficient system storage, try again later"};
inline constexpr FixedReply kTooManyRecipients{452, "4.5.3", "Too many recipients"};
// RFC 3463 X.2.2: the recipient's mailbox is over its quota; temporary, since its owner
// can make room and the sender's queue tries again (README "Quotas").
inline constexpr FixedReply kMailboxFull{452, "4.2.2", "Mailbox full"};
inline constexpr FixedReply kTemporaryAuthFailure{454, "4.7.0", "Temporary authentication failure"};
// The submission sending rate (sending_rate.hpp): RFC 3463 X.7.0, a policy refusal that
// a later retry may pass.
inline constexpr FixedReply kMessageRateExceeded{451, "4.7.0", "Too many messages sent from this account in the last hour; try again later"};
inline constexpr FixedReply kRecipientRateExceeded{451, "4.7.0", "Too many recipients from this account in the last hour; try again later"};
inline constexpr FixedReply kTlsUnavailable{454, "4.7.0", "TLS not available"};
// 5xx
inline constexpr FixedReply kUnrecognized{500, "5.5.2", "Syntax error, command unrecognized"};
inline constexpr FixedReply kLineTooLong{500, "5.5.2", "Line too long"};
inline constexpr FixedReply kNulInCommand{500, "5.5.2", "NUL character in command"};
inline constexpr FixedReply kBadArguments{501, "5.5.4", "Syntax error in parameters or arguments"};
inline constexpr FixedReply kBadSenderSyntax{501, "5.1.7", "Bad sender address syntax"};
inline constexpr FixedReply kBadRecipientSyntax{501, "5.1.3", "Bad recipient address syntax"};
inline constexpr FixedReply kAuthCancelled{501, "5.0.0", "Authentication cancelled"};
inline constexpr FixedReply kNotImplemented{502, "5.5.1", "Command not implemented"};
inline constexpr FixedReply kBadSequence{503, "5.5.1", "Bad sequence of commands"};
inline constexpr FixedReply kUnknownMechanism{504, "5.5.4", "Unrecognized authentication type"};
inline constexpr FixedReply kAuthRequired{530, "5.7.0", "Authentication required"};
inline constexpr FixedReply kTlsRequired{530, "5.7.0", "Must issue a STARTTLS command first"};
inline constexpr FixedReply kAuthFailed{535, "5.7.8", "Authentication credentials invalid"};
inline constexpr FixedReply kEncryptionRequired{538, "5.7.11", "Encryption required for requested authentication mechanism"};
inline constexpr FixedReply kUnknownUser{550, "5.1.1", "User unknown"};
inline constexpr FixedReply kNotAList{550, "5.1.1", "Not a mailing list"};
inline constexpr FixedReply kMailLoopRecipient{550, "5.4.6", "Alias expansion loop or too deep"};
inline constexpr FixedReply kListMembersOnly{550, "5.7.2", "Only members may post to this list"};
inline constexpr FixedReply kBareNewline{521, "5.5.2", "Bare <LF> or <CR> received in message data; use CRLF line endings"};
inline constexpr FixedReply kMessageTooBig{552, "5.3.4", "Message size exceeds fixed limit"};
// RFC 1870 section 6.1 with RFC 3463 X.2.2: the declared SIZE is larger than the
// recipient's whole storage quota, so no clean-up can make room for it.
inline constexpr FixedReply kMessageOverQuota{552, "5.2.2", "Mailbox full: the message is larger than the mailbox's quota"};
inline constexpr FixedReply kDataLineTooLong{552, "5.3.4", "Line too long in message data"};
inline constexpr FixedReply kAmbiguousUser{553, "5.1.4", "User ambiguous"};
inline constexpr FixedReply kSenderNotOwned{553, "5.7.1", "Sender address rejected: not owned by the authenticated user"};
// The header's From:/Sender: on submission (own_addresses.hpp); the text names the field,
// the address and what the account may use.
inline constexpr FixedReply kAuthorNotOwned{553, "5.7.1", "Author address not owned by the authenticated user"};
// RFC 3463 X.6.0 (a problem with the message's content): no usable From: field.
inline constexpr FixedReply kAuthorMissing{550, "5.6.0", "Message has no From: header field (RFC 5322 section 3.6.2)"};
inline constexpr FixedReply kAuthorMalformed{550, "5.6.0", "Malformed From: or Sender: header field (RFC 5322 section 3.6.2)"};
inline constexpr FixedReply kRelayDenied{554, "5.7.1", "Relay access denied"};
// RFC 5429 section 2.2: every recipient's Sieve script rejected the message; the text is
// the script's reason when it has one.
inline constexpr FixedReply kRejectedByRules{550, "5.7.1", "Message rejected by the recipient's mail rules"};
// Sender authentication at the end of DATA on the MX: the From domain's DMARC policy says
// reject, or the From field names no single domain (RFC 7489 sections 6.6.1 and 6.6.4);
// the text names the domain.
inline constexpr FixedReply kRejectedByDmarc{550, "5.7.1", "Message rejected by the sender domain's DMARC policy"};
// RFC 7372 section 3.2: SPF fail of MAIL FROM, refused only when [smtp] reject_spf_fail.
inline constexpr FixedReply kRejectedBySpf{550, "5.7.23", "SPF validation failed"};
inline constexpr FixedReply kNoValidRecipients{554, "5.5.1", "No valid recipients"};
inline constexpr FixedReply kTooManyHops{554, "5.4.6", "Too many hops (mail loop?)"};
inline constexpr FixedReply kParameterUnsupported{555, "5.5.4", "Unsupported MAIL/RCPT parameter"};

}  // namespace carteiro::smtpwire
