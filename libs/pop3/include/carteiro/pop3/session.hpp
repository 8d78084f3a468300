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

#include "carteiro/net/connection.hpp"
#include "carteiro/pop3/command.hpp"
#include "carteiro/pop3/context.hpp"
#include "carteiro/pop3/maildrop.hpp"
#include "carteiro/pop3/maildrop_lock.hpp"
#include "carteiro/store/accounts.hpp"

namespace carteiro::auth {
struct Login;
}

namespace carteiro::pop3 {

enum class State { authorization, transaction, update };
std::string_view state_name(State state);

class Session {
 public:
  Session(ServiceContext& context, std::shared_ptr<net::Connection> conn);
  asio::awaitable<void> run();

 private:
  using Handler = asio::awaitable<void> (Session::*)(const Command&);
  struct CommandSpec {
    Verb verb;
    bool in_authorization;
    bool in_transaction;
    Handler handler;
  };
  static const CommandSpec* find_spec(Verb verb);

  asio::awaitable<void> dispatch(const net::Line& line);
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
  asio::awaitable<void> cmd_user(const Command& command);
  asio::awaitable<void> cmd_pass(const Command& command);
  asio::awaitable<void> cmd_apop(const Command& command);
  asio::awaitable<void> cmd_auth(const Command& command);
  asio::awaitable<void> cmd_stls(const Command& command);
  asio::awaitable<void> cmd_capa(const Command& command);
  asio::awaitable<std::optional<std::string>> sasl_response(std::string_view challenge);
  bool refuse_plaintext();
  bool reject_login(const auth::Login& login);  // replied to a failed login
  asio::awaitable<void> finish_login(auth::Login login);
  asio::awaitable<bool> open_maildrop(const store::Account& account);

  // TRANSACTION and UPDATE (session_transaction.cpp)
  asio::awaitable<void> cmd_stat(const Command& command);
  asio::awaitable<void> cmd_list(const Command& command);
  asio::awaitable<void> cmd_uidl(const Command& command);
  asio::awaitable<void> send_listing(const Command& command, const std::string& heading,
                                     const std::function<std::string(std::uint32_t)>& describe);
  asio::awaitable<void> cmd_retr(const Command& command);
  asio::awaitable<void> cmd_top(const Command& command);
  asio::awaitable<void> cmd_dele(const Command& command);
  asio::awaitable<void> cmd_noop(const Command& command);
  asio::awaitable<void> cmd_rset(const Command& command);
  asio::awaitable<void> cmd_quit(const Command& command);
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
