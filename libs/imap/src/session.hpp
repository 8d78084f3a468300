#pragma once
// One IMAP session: reads commands (with their literals), checks the state, runs the
// command's handler, reports mailbox changes at command boundaries and writes the tagged
// completion. Invariants:
// - one command at a time; its untagged responses, then its tagged completion;
// - a handler replies OK only after the store's write returned (durable);
// - untagged EXPUNGE only where RFC 3501 section 7.4.1 allows it (not during FETCH,
//   STORE, SEARCH), so sequence numbers stay consistent;
// - output is flushed whenever it grows past kMaxBufferedOutput, input is bounded by
//   kMaxLine, kMaxLiteral and the message size limit.
#include <asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <map>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/session_limit.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/common/spool.hpp"
#include "carteiro/imap/command.hpp"
#include "carteiro/imap/selected_mailbox.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/net/protocol_session.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/events.hpp"
#include "carteiro/store/store.hpp"
#include "select_cache.hpp"

namespace carteiro::imap {

struct CommandSpec;  // command_table.hpp

inline constexpr std::size_t kMaxLine = 64 * 1024;           // one command line
inline constexpr std::size_t kMaxLiteral = 64 * 1024;        // a literal other than APPEND's message
inline constexpr std::size_t kMaxCommand = 1024 * 1024;      // a command's lines and small literals
inline constexpr std::size_t kMaxBufferedOutput = 256 * 1024;
inline constexpr std::size_t kLiteralPiece = 64 * 1024;      // read at a time from a large literal
inline constexpr int kMaxFailedLogins = 3;

// \Recent (RFC 3501 section 2.3.2): a message is recent in the first session that sees
// it. Claims live in memory, per mailbox: the highest UID some session has seen; STORED is
// the mailbox's recent_uid from the store (claims that survived a restart). A mailbox is
// known by its id and UIDVALIDITY: one deleted and created again (perhaps under the same
// id) starts with no claims.
struct MailboxKey {
  std::int64_t id = 0;
  std::int64_t uidvalidity = 0;
  auto operator<=>(const MailboxKey&) const = default;
};

class RecentClaims {
 public:
  // Claims the UIDs up to UP_TO; returns the highest one claimed before.
  std::int64_t claim(MailboxKey mailbox, std::int64_t up_to, std::int64_t stored);
  std::int64_t claimed(MailboxKey mailbox, std::int64_t stored) const;

 private:
  mutable std::mutex mutex_;
  std::map<MailboxKey, std::int64_t> claimed_;
};

struct ServiceContext {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  RecentClaims recent;
  SelectCache select_cache;
  std::shared_ptr<auth::SessionLimit> sessions =
      std::make_shared<auth::SessionLimit>(config.imap.max_sessions_per_account);
};

enum class State { not_authenticated, authenticated, selected, logout };
const char* state_name(State state);

// A command's tagged completion (RFC 3501 section 7.1).
struct Reply {
  enum class Status { ok, no, bad };
  Status status = Status::ok;
  std::string code;  // response code without brackets: "TRYCREATE", "COPYUID 5 1:3 7:9"
  std::string text;
};
Reply ok(std::string text, std::string code = {});
Reply no(std::string text, std::string code = {});
Reply bad(std::string text);

class Session : public net::ProtocolSession {
 public:
  Session(ServiceContext& context, std::shared_ptr<net::Connection> conn);
  ~Session() override;
  asio::awaitable<void> run() override;

  // What command handlers use.
  ServiceContext& context() { return context_; }
  store::Store& store() { return context_.store; }
  const Config& config() const { return context_.config; }
  net::Connection& conn() { return *conn_; }
  const std::string& id() const { return conn_->id(); }

  State state() const { return state_; }
  // SLOT counts the session against the account's cap until the session ends.
  void log_in(store::Account account, auth::SessionLimit::Slot slot);
  const store::Account& account() const { return *account_; }
  int& failed_logins() { return failed_logins_; }

  // SELECT/EXAMINE: starts watching the mailbox's changes; deselect() stops (CLOSE,
  // UNSELECT, a failed SELECT, the mailbox's deletion).
  void select(std::unique_ptr<SelectedMailbox> mailbox);
  void deselect();
  SelectedMailbox& selected() { return *selected_; }
  bool is_selected(std::int64_t mailbox_id) const { return selected_ && selected_->id() == mailbox_id; }

  void untagged(std::string_view text);  // "* TEXT\r\n"
  void send(std::string_view bytes);     // as is (literal data)
  asio::awaitable<void> flush();
  asio::awaitable<void> flush_if_large();  // after each message of a long response

  // CONDSTORE (RFC 7162 section 3.1): once a client used it (ENABLE, SELECT (CONDSTORE),
  // STATUS HIGHESTMODSEQ, FETCH MODSEQ or CHANGEDSINCE, STORE UNCHANGEDSINCE, SEARCH
  // MODSEQ), FETCH responses about flags carry MODSEQ.
  bool condstore() const { return condstore_; }
  // The first one with a mailbox selected is answered with "* OK [HIGHESTMODSEQ n]".
  void enable_condstore();
  // QRESYNC (RFC 7162 section 3.2), only through ENABLE (section 3.2.3); it brings
  // CONDSTORE along. Expunges are then reported as VANISHED (section 3.2.10).
  bool qresync() const { return qresync_; }
  void enable_qresync() {
    qresync_ = true;
    condstore_ = true;
  }

  // RFC 3501 section 7.2.1: what CAPABILITY says in the current state.
  std::string capabilities() const;

  // Reports what changed in the selected mailbox since the client last heard: EXPUNGE or
  // VANISHED (when ALLOW_EXPUNGE), EXISTS, RECENT and FETCH FLAGS. Reads the store only when the
  // store announced a change (or FORCE, for NOOP, CHECK and IDLE).
  asio::awaitable<void> report_changes(bool allow_expunge, bool force);
  // The same in two steps, for a command that must know what the updates hold before it
  // answers (STORE): learn_changes() reads and applies what changed (false: the mailbox
  // is gone and the session ends); send_updates() reports what was learnt.
  asio::awaitable<bool> learn_changes(bool force);
  void send_updates(bool allow_expunge);

  // \Recent: claims the mailbox's UIDs up to UP_TO for this session, in memory and in the
  // store (not when READ_ONLY: EXAMINE takes nothing away, RFC 3501 section 6.3.2); STORED
  // is the mailbox's recent_uid as read. Returns the highest UID claimed before.
  std::int64_t claim_recent(MailboxKey mailbox, std::int64_t up_to, bool read_only, std::int64_t stored);

  // A line in the middle of a command (AUTHENTICATE's responses, IDLE's DONE). Any status
  // but ok ends the session: the handler returns and the session says goodbye.
  asio::awaitable<net::ReadStatus> read_continuation(std::string& text, bool wakeable);
  // STARTTLS: the TLS handshake follows the tagged OK (RFC 3501 section 6.2.1).
  void start_tls_after_reply() { start_tls_ = true; }
  // Ends the session after the current command with "* BYE TEXT" (empty: no BYE).
  void end_session(std::string bye_text);
  bool ending() const { return ending_; }
  // The connection is over without a goodbye: the client left, or a response cannot be
  // completed (a literal whose octets are gone).
  void client_gone();

 private:
  void enter_state(State next);
  enum class Input { command, rejected, end };
  asio::awaitable<Input> read_command(Command& out);
  asio::awaitable<Input> reject(const std::string& tag, const std::string& text, std::string_view last_line);
  asio::awaitable<bool> skip_literal(std::size_t size);
  // Reads SIZE literal octets in pieces into SPOOL, or drops them when SPOOL is null. A
  // spool that fails (disk full) is noted in ERROR and the octets are still read, so the
  // session stays in step. Any status but ok: the connection ended.
  asio::awaitable<net::ReadStatus> read_literal_into(std::size_t size, Spool* spool,
                                                     std::optional<std::string>& error);
  // Gives APPEND's spooled message to the parsed command; false when the spool failed
  // (the command is then answered NO here).
  bool attach_message(Command& command, std::optional<Spool>& message, const std::optional<std::string>& error);
  asio::awaitable<void> dispatch(const Command& command);
  void goodbye(net::ReadStatus why);
  void reply(const std::string& tag, const Reply& reply);
  // The command NAME (UID: its UID form) if it may run now; else null, with WHY.
  const CommandSpec* allowed(std::string_view name, bool uid, std::string& why) const;
  // Why SPEC may not run in the current state, or nullopt: the one place that checks the table.
  std::optional<std::string> refusal(const CommandSpec& spec) const;

  ServiceContext& context_;
  std::shared_ptr<net::Connection> conn_;
  State state_ = State::not_authenticated;
  std::optional<store::Account> account_;
  std::optional<auth::SessionLimit::Slot> session_slot_;
  int failed_logins_ = 0;
  std::unique_ptr<SelectedMailbox> selected_;
  // Set by the store's writer thread when the selected mailbox changed.
  std::shared_ptr<std::atomic<bool>> changed_ = std::make_shared<std::atomic<bool>>(false);
  store::Events::Subscription subscription_;  // after conn_: unsubscribed first
  bool ending_ = false;
  bool gone_ = false;
  bool interrupted_ = false;  // timeout or shutdown while reading
  bool start_tls_ = false;
  bool condstore_ = false;
  bool qresync_ = false;
  std::string bye_text_;
  std::size_t unflushed_ = 0;  // bytes sent since the last flush
};

}  // namespace carteiro::imap
