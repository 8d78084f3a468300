#pragma once
// One SMTP session: the state machine, the command dispatcher and the handlers.
// Invariants:
//  - every reply goes through reply(), with a named code from smtpwire/replies.hpp;
//  - replies are queued and flushed when the client has nothing more buffered or a
//    command ends a PIPELINING group (RFC 2920 section 3.1);
//  - a state change goes through enter_state(), which logs it;
//  - the 250 after DATA is sent only after the store's write returned (durable);
//  - after STARTTLS everything learned before is forgotten (RFC 3207 section 4.2).
#include <asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/sasl_exchange.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/common/spool.hpp"
#include "carteiro/delivery/deliver.hpp"
#include "carteiro/net/command_table.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/net/protocol_session.hpp"
#include "carteiro/smtp/command.hpp"
#include "carteiro/smtp/message_headers.hpp"
#include "carteiro/smtp/own_addresses.hpp"
#include "carteiro/smtp/sending_rate.hpp"
#include "carteiro/smtpwire/replies.hpp"
#include "carteiro/store/store.hpp"
#include "transaction.hpp"

namespace carteiro::smtp {

// The server speaks SMTP's one grammar, shared with the outbound client: its replies,
// paths and EHLO keywords.
using namespace smtpwire;

enum class ListenerKind { mx, submission };

class SenderChecks;  // sender_checks.hpp

// What a session needs from the daemon.
struct SessionContext {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  delivery::Deliverer& deliverer;
  SendingRate& sending_rate;     // submission, per account
  SenderChecks* sender_checks;   // the MX's SPF, DKIM, DMARC; null when [smtp] sender_checks is off
};

// What sender authentication leaves for the rest of the end of DATA (check_sender.cpp).
struct SenderCheckStep {
  std::string fields;       // Authentication-Results and Received-SPF, CRLF-ended, to go above Received:
  bool quarantine = false;  // local copies go to Junk
  bool refused = false;     // replied 550: nothing is stored
  std::optional<delivery::CheckedOrigin> origin;  // what forwarded copies are sealed with
};

enum class State {
  connected,  // greeting sent, no HELO/EHLO yet
  greeted,    // HELO/EHLO done, no transaction
  mail,       // MAIL accepted, no recipient yet
  rcpt,       // at least one RCPT accepted
  closing,    // QUIT, a fatal error, timeout or shutdown: the loop ends
};
std::string_view state_name(State state);

// Limits, named and enforced while reading.
inline constexpr std::size_t kMaxCommandLine = 12288;   // RFC 4954 section 4: AUTH lines up to 12288
inline constexpr std::size_t kMaxDataLine = 1024 * 1024; // far above RFC 5322's 998; longer is refused
inline constexpr std::size_t kSpoolPiece = 64 * 1024;    // message text held in the heap before it goes to the spool
inline constexpr std::size_t kMaxHops = 50;              // Received: fields before 554 5.4.6 (RFC 5321 section 6.3)
inline constexpr unsigned kMaxErrors = 20;               // 5xx replies before 421 (as Postfix's hard error limit)
inline constexpr std::size_t kMaxAliasesInReply = 5;     // the own addresses a 553 lists before "and N more"
inline constexpr std::size_t kMaxAddressInReply = 254;   // RFC 5321 section 4.5.3.1.3 path length, for quoting one back

// Flags of a command in the table (as Postfix's smtpd command table).
enum CommandFlag : unsigned {
  kPreTls = 1u << 0,     // allowed before STARTTLS where TLS is required
  kEndsGroup = 1u << 1,  // must be last in a PIPELINING group: replies are flushed after it
  kNeedsAuth = 1u << 2,  // on submission, only after AUTH (530 5.7.0)
  // Octets follow the command line (BDAT): the handler consumes them even when it
  // refuses the command, so the dispatcher leaves the checks to it.
  kCarriesPayload = 1u << 3,
};

class Session;
using Handler = asio::awaitable<void> (Session::*)(const CommandLine&);

struct CommandSpec {
  Verb verb;
  Handler handler;
  unsigned states;                   // bit set of net::state_bit(State::...) where it is allowed
  unsigned flags;                    // CommandFlag bits
  std::string_view out_of_sequence;  // the 503 text elsewhere
};

class Session : public net::ProtocolSession {
 public:
  Session(SessionContext context, ListenerKind kind, std::shared_ptr<net::Connection> conn);
  asio::awaitable<void> run() override;

 private:
  // The command table (command_table.cpp): data, not code.
  static const CommandSpec* find_command(Verb verb);

  // Loop and dispatch (session.cpp)
  asio::awaitable<void> dispatch(const net::Line& line);
  // Why SPEC may not run here and now (state, TLS, AUTH), or nullopt: one place.
  std::optional<std::pair<FixedReply, std::string_view>> refusal(const CommandSpec& spec) const;
  void enter_state(State next);
  void reply(const FixedReply& r, std::string_view text = {});
  void reply_lines(const FixedReply& r, const std::vector<std::string>& lines);
  // Reads one line for a handler (AUTH exchange, DATA); false: the session must end
  // (timeout and shutdown are answered with 421 here).
  asio::awaitable<bool> read_line(net::Line& line, std::size_t max);
  void end_by(net::ReadStatus status);
  bool submission() const { return kind_ == ListenerKind::submission; }
  bool tls_required() const;
  const SmtpConfig& limits() const;
  void reset_transaction();

  // Handlers (hello.cpp, envelope.cpp, data.cpp, auth.cpp, verify.cpp)
  asio::awaitable<void> on_helo(const CommandLine& c);
  asio::awaitable<void> on_ehlo(const CommandLine& c);
  asio::awaitable<void> on_mail(const CommandLine& c);
  asio::awaitable<void> on_rcpt(const CommandLine& c);
  asio::awaitable<void> on_data(const CommandLine& c);
  asio::awaitable<void> on_bdat(const CommandLine& c);
  asio::awaitable<void> on_rset(const CommandLine& c);
  asio::awaitable<void> on_noop(const CommandLine& c);
  asio::awaitable<void> on_quit(const CommandLine& c);
  asio::awaitable<void> on_vrfy(const CommandLine& c);
  asio::awaitable<void> on_expn(const CommandLine& c);
  asio::awaitable<void> on_help(const CommandLine& c);
  asio::awaitable<void> on_starttls(const CommandLine& c);
  asio::awaitable<void> on_auth(const CommandLine& c);
  asio::awaitable<void> on_turn(const CommandLine& c);

  // Helpers of the handlers
  asio::awaitable<std::optional<auth::Credentials>> sasl_exchange(auth::SaslExchange& exchange);
  // The addresses the authenticated account may send as (reads its aliases).
  asio::awaitable<OwnAddresses> own_addresses();
  asio::awaitable<bool> sender_allowed(const std::string& sender);
  // The message's priority for the outbound queue (MT-PRIORITY, or the header's).
  int message_priority(std::string_view message) const;
  // On submission, the From:/Sender: check at the end of DATA; true: refused (replied).
  asio::awaitable<bool> author_refused(std::string_view message, const HeaderIndex& index);
  Spool new_spool() const;  // under data_dir/tmp, in memory up to [store] spool_threshold
  // On the MX, for clients outside [smtp] sender_checks_skip: SPF, DKIM and DMARC off the
  // I/O threads, the log line, and a 550 when the policy refuses (check_sender.cpp).
  bool sender_checks_apply() const;
  asio::awaitable<SenderCheckStep> check_sender(std::shared_ptr<const Spool> message, const std::string& id);
  // TRACE: our fields to put on top besides Received: (sender authentication's).
  HeaderRewrite header_rewrite(const HeaderIndex& index, const std::string& id, std::string_view trace) const;
  delivery::Message prepare_message(std::string_view message, const HeaderIndex& index, const HeaderRewrite& rewrite,
                                    std::optional<Spool>& rewritten) const;
  // The end of DATA or BDAT LAST: checks, trace field, delivery, the reply.
  asio::awaitable<void> accept_message(Spool spool);
  // After the 250: the recipients of DELIVERED that stopped resolving since RCPT, or whose
  // mailbox is full, get a failure report to SENDER, or to the address each names (a list
  // member's to the list's bounce address) (unresolved_report.cpp).
  asio::awaitable<void> report_unresolved(const std::string& sender, const delivery::Message& message,
                                          const delivery::Delivered& delivered);
  asio::awaitable<void> send_failure_report(const std::string& to, const delivery::Message& message,
                                            const std::string& id,
                                            const std::vector<const delivery::Undelivered*>& failures);

  SessionContext ctx_;
  ListenerKind kind_;
  std::shared_ptr<net::Connection> conn_;
  State state_ = State::connected;
  bool extended_ = false;                   // EHLO (not HELO)
  std::string helo_;
  std::optional<store::Account> account_;   // after AUTH
  Transaction tx_;
  unsigned errors_ = 0;
  bool flush_now_ = false;                  // the last command ends a PIPELINING group
};

}  // namespace carteiro::smtp
