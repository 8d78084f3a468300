#pragma once
// One ManageSieve session (RFC 5804): a coroutine that owns the connection, with its two
// states (non-authenticated, authenticated) explicit and a command table saying which
// commands each accepts. Invariants:
//  - every request is read whole (its literals included) before it runs, and a literal
//    over the bound is never held in memory (wire.hpp);
//  - a script is stored only once it compiles; a bad one gets NO with its line and column;
//  - every reply goes through ok()/no(), and is flushed before the next request is read.
#include <asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/managesieve/wire.hpp"
#include "carteiro/net/command_table.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/net/protocol_session.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::managesieve {

struct ServiceContext {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
};

enum class State { non_authenticated, authenticated };

// The arguments of a command: the tokens after its name.
using Arguments = std::vector<Token>;

class Session;
using Handler = asio::awaitable<void> (Session::*)(const Arguments&);

struct CommandSpec {
  std::string_view name;  // upper case
  Handler handler;
  unsigned states;        // bit set of net::state_bit(State::...) where it is allowed
};

// Response codes (RFC 5804 section 1.3), with their parentheses.
namespace code {
inline constexpr std::string_view kNone = "";
inline constexpr std::string_view kNonexistent = "(NONEXISTENT)";
inline constexpr std::string_view kAlreadyExists = "(ALREADYEXISTS)";
inline constexpr std::string_view kActive = "(ACTIVE)";
inline constexpr std::string_view kMaxScripts = "(QUOTA/MAXSCRIPTS)";
inline constexpr std::string_view kMaxSize = "(QUOTA/MAXSIZE)";
inline constexpr std::string_view kTryLater = "(TRYLATER)";
inline constexpr std::string_view kEncryptNeeded = "(ENCRYPT-NEEDED)";
}  // namespace code

class Session : public net::ProtocolSession {
 public:
  Session(ServiceContext& context, std::shared_ptr<net::Connection> conn);
  asio::awaitable<void> run() override;

 private:
  static const CommandSpec* find_command(std::string_view name);

  // Loop, reading and dispatch (session.cpp)
  // The next request, read whole; nullopt when the session ends.
  asio::awaitable<std::optional<RequestReader>> read_request();
  asio::awaitable<void> dispatch(const RequestReader& reader);
  // Why SPEC (null: an unknown command) may not run now, or nullopt: one place.
  std::optional<std::string_view> refusal(const CommandSpec* spec) const;
  void enter_state(State next);
  void ok(std::string_view code, std::string_view text);
  void no(std::string_view code, std::string_view text);
  void bye(std::string_view code, std::string_view text);
  void bad_request(std::string_view code, std::string_view text);
  void say_goodbye(net::ReadStatus why);
  // Argument checks: the reply is sent when they fail.
  bool expect_strings(const Arguments& args, std::size_t min, std::size_t max, std::string_view usage);

  // Non-authenticated state and both (session_login.cpp)
  asio::awaitable<void> on_capability(const Arguments& args);
  asio::awaitable<void> on_starttls(const Arguments& args);
  asio::awaitable<void> on_authenticate(const Arguments& args);
  asio::awaitable<void> on_unauthenticate(const Arguments& args);
  asio::awaitable<void> on_noop(const Arguments& args);
  asio::awaitable<void> on_logout(const Arguments& args);
  void send_capabilities();
  // The client's answer to a SASL challenge (a string); nullopt: the session ends.
  asio::awaitable<std::optional<std::string>> sasl_response(std::string_view challenge);
  asio::awaitable<void> finish_login(auth::Login login);

  // Authenticated state (session_scripts.cpp)
  asio::awaitable<void> on_havespace(const Arguments& args);
  asio::awaitable<void> on_putscript(const Arguments& args);
  asio::awaitable<void> on_checkscript(const Arguments& args);
  asio::awaitable<void> on_listscripts(const Arguments& args);
  asio::awaitable<void> on_setactive(const Arguments& args);
  asio::awaitable<void> on_getscript(const Arguments& args);
  asio::awaitable<void> on_deletescript(const Arguments& args);
  asio::awaitable<void> on_renamescript(const Arguments& args);
  // NO with the compile error when TEXT does not compile; true when it does.
  bool compiles(std::string_view text);

  ServiceContext& context_;
  std::shared_ptr<net::Connection> conn_;
  State state_ = State::non_authenticated;
  std::optional<store::Account> account_;
  unsigned login_failures_ = 0;
  unsigned bad_requests_ = 0;  // in a row
  bool done_ = false;
};

}  // namespace carteiro::managesieve
