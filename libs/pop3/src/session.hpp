#pragma once
// One POP3 session (RFC 1939 section 3): a coroutine that owns the connection, with the
// states AUTHORIZATION -> TRANSACTION -> UPDATE explicit and a command table saying which
// commands each state accepts. Invariants:
//  - message numbers and sizes are the ones of login time for the whole session;
//  - DELE only marks; the marked messages are removed in UPDATE (QUIT), in one durable
//    store write, before "+OK"; a session that ends any other way removes nothing;
//  - the maildrop lock is held from TRANSACTION until the session ends;
//  - every reply goes through ok()/err(), and is flushed when no pipelined command waits.
#include <asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/net/command_table.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/net/protocol_session.hpp"
#include "carteiro/pop3/command.hpp"
#include "context.hpp"
#include "carteiro/pop3/maildrop.hpp"
#include "carteiro/pop3/maildrop_lock.hpp"
#include "carteiro/store/accounts.hpp"

namespace carteiro::auth {
struct Login;
}

namespace carteiro::pop3 {

enum class State { authorization, transaction, update };
std::string_view state_name(State state);

// Flags of a command in the table.
enum CommandFlag : unsigned {
  // RFC 1939 section 7: valid only right after a successful USER (PASS); any other
  // command forgets the USER.
  kFollowsUser = 1u << 0,
};

class Session;
using Handler = asio::awaitable<void> (Session::*)(const Command&);

struct CommandSpec {
  Verb verb;
  Handler handler;
  unsigned states;  // bit set of net::state_bit(State::...) where it is allowed
  unsigned flags;   // CommandFlag bits
};

class Session : public net::ProtocolSession {
 public:
  Session(ServiceContext& context, std::shared_ptr<net::Connection> conn);
  asio::awaitable<void> run() override;

 private:
  // The command table (command_table.cpp): data, not code.
  static const CommandSpec* find_command(Verb verb);

  // Loop and dispatch (session.cpp)
  asio::awaitable<void> dispatch(const net::Line& line);
  // Why SPEC (null: an unknown command) may not run here and now, or nullopt: one place.
  std::optional<std::string_view> refusal(const CommandSpec* spec) const;
  void enter_state(State next);
  void ok(std::string_view text);
  void err(std::string_view code, std::string_view text);
  void bad_command(std::string_view text);
  void line(std::string_view text);  // one line of a multi-line response
  void end_multiline();
  // Reads one more line inside a command (SASL responses); nullopt if the session ends.
  asio::awaitable<std::optional<net::Line>> read_continuation(std::size_t max);
  void say_goodbye(net::ReadStatus why);

  // AUTHORIZATION (session_login.cpp)
  asio::awaitable<void> on_user(const Command& command);
  asio::awaitable<void> on_pass(const Command& command);
  asio::awaitable<void> on_apop(const Command& command);
  asio::awaitable<void> on_auth(const Command& command);
  asio::awaitable<void> on_stls(const Command& command);
  asio::awaitable<void> on_capa(const Command& command);
  asio::awaitable<std::optional<std::string>> sasl_response(std::string_view challenge);
  bool refuse_plaintext();
  bool reject_login(const auth::Login& login);  // replied to a failed login
  asio::awaitable<void> finish_login(auth::Login login);
  asio::awaitable<bool> open_maildrop(const store::Account& account);

  // TRANSACTION and UPDATE (session_transaction.cpp)
  asio::awaitable<void> on_stat(const Command& command);
  asio::awaitable<void> on_list(const Command& command);
  asio::awaitable<void> on_uidl(const Command& command);
  asio::awaitable<void> send_listing(const Command& command, const std::string& heading,
                                     const std::function<std::string(std::uint32_t)>& describe);
  asio::awaitable<void> on_retr(const Command& command);
  asio::awaitable<void> on_top(const Command& command);
  asio::awaitable<void> on_dele(const Command& command);
  asio::awaitable<void> on_noop(const Command& command);
  asio::awaitable<void> on_rset(const Command& command);
  asio::awaitable<void> on_quit(const Command& command);
  bool check_message(std::uint32_t number);
  asio::awaitable<void> send_message(std::uint32_t number, std::optional<std::uint32_t> top_lines);
  asio::awaitable<void> update();

  ServiceContext& context_;
  std::shared_ptr<net::Connection> conn_;
  State state_ = State::authorization;
  std::string apop_timestamp_;
  std::optional<std::string> user_;       // USER accepted, PASS expected next
  unsigned login_failures_ = 0;
  unsigned bad_commands_ = 0;             // in a row
  std::optional<store::Account> account_;
  std::optional<MaildropLocks::Guard> lock_;
  std::optional<auth::SessionLimit::Slot> session_slot_;  // counts this session against the cap
  Maildrop maildrop_;
  bool done_ = false;                     // QUIT handled, the client went away, or it must end
};

}  // namespace carteiro::pop3
