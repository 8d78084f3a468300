// The session loop, the command table and the replies.
#include "carteiro/pop3/session.hpp"

#include <array>
#include <utility>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/pop3/banner.hpp"
#include "carteiro/pop3/replies.hpp"

namespace carteiro::pop3 {

namespace {
// Unknown or malformed commands in a row before the session is ended (a runaway client
// or a port scanner speaking another protocol).
constexpr unsigned kMaxBadCommands = 20;
}  // namespace

std::string_view state_name(State state) {
  switch (state) {
    case State::authorization: return "AUTHORIZATION";
    case State::transaction: return "TRANSACTION";
    case State::update: return "UPDATE";
  }
  return "?";
}

// RFC 1939 sections 4-7: which commands each state accepts (CAPA: RFC 2449 section 5,
// STLS: RFC 2595 section 4, AUTH: RFC 5034 section 4). UPDATE accepts nothing: it is
// entered by QUIT and the session ends there.
const Session::CommandSpec* Session::find_spec(Verb verb) {
  static constexpr std::array<CommandSpec, 15> kTable{{
      {Verb::user, true, false, &Session::on_user},
      {Verb::pass, true, false, &Session::on_pass},
      {Verb::apop, true, false, &Session::on_apop},
      {Verb::auth, true, false, &Session::on_auth},
      {Verb::stls, true, false, &Session::on_stls},
      {Verb::capa, true, true, &Session::on_capa},
      {Verb::quit, true, true, &Session::on_quit},
      {Verb::stat, false, true, &Session::on_stat},
      {Verb::list, false, true, &Session::on_list},
      {Verb::uidl, false, true, &Session::on_uidl},
      {Verb::retr, false, true, &Session::on_retr},
      {Verb::top, false, true, &Session::on_top},
      {Verb::dele, false, true, &Session::on_dele},
      {Verb::noop, false, true, &Session::on_noop},
      {Verb::rset, false, true, &Session::on_rset},
  }};
  for (const auto& spec : kTable)
    if (spec.verb == verb) return &spec;
  return nullptr;
}

Session::Session(ServiceContext& context, std::shared_ptr<net::Connection> conn)
    : context_(context), conn_(std::move(conn)), apop_timestamp_(make_apop_timestamp(context.config.hostname)) {}

asio::awaitable<void> Session::run() {
  // RFC 1939 section 4 greeting, with the APOP timestamp of section 7.
  ok("Carteiro POP3 ready " + apop_timestamp_);
  if (!co_await conn_->flush()) co_return;
  while (!done_) {
    net::Line line;
    auto status = co_await conn_->read_line(line, kMaxCommandLine);
    if (status != net::ReadStatus::ok) {
      say_goodbye(status);
      break;
    }
    co_await dispatch(line);
    // PIPELINING (RFC 2449 section 6.6): replies to a batch of commands go out together.
    if (done_ || conn_->buffered() == 0) {
      if (!co_await conn_->flush()) break;
    }
  }
  co_await conn_->flush();
  if (state_ == State::transaction)  // no QUIT: nothing is deleted (RFC 1939 section 6)
    log::info("[{}] pop3: {} left without QUIT; nothing deleted", conn_->id(), account_->address);
}

asio::awaitable<void> Session::dispatch(const net::Line& line) {
  if (line.too_long) {
    bad_command("Command line too long (255 octets at most)");
    co_return;
  }
  auto parsed = parse_command(line.text);
  if (auto* problem = std::get_if<ParseError>(&parsed)) {
    bad_command(problem->reason);
    co_return;
  }
  const auto& command = std::get<Command>(parsed);
  const CommandSpec* spec = find_spec(command.verb);
  bool allowed = spec && (state_ == State::authorization ? spec->in_authorization : spec->in_transaction);
  if (!allowed) {
    bad_command(state_ == State::authorization ? "Not logged in yet: use USER and PASS, APOP or AUTH first"
                                               : "Already logged in: that command is not valid now");
    co_return;
  }
  // RFC 1939 section 7: PASS is valid only right after a successful USER; any other
  // command forgets the USER.
  auto pending_user = std::exchange(user_, std::nullopt);
  if (command.verb == Verb::pass) {
    if (!pending_user) {
      bad_command("Send USER first");
      co_return;
    }
    user_ = std::move(pending_user);  // for on_pass
  }
  bad_commands_ = 0;
  try {
    auto handle = (this->*(spec->handler))(command);
    co_await std::move(handle);
  } catch (const std::exception& e) {
    log::error("[{}] pop3: {} failed: {}", conn_->id(), verb_name(command.verb), e.what());
    err(code::kSysTemp, "Internal error; try again later");
  }
}

void Session::enter_state(State next) {
  log::debug("[{}] pop3: {} -> {}", conn_->id(), state_name(state_), state_name(next));
  state_ = next;
}

void Session::ok(std::string_view text) {
  std::string reply = "+OK";
  if (!text.empty()) {
    reply += ' ';
    reply += text;
  }
  reply += "\r\n";
  conn_->send(reply);
}

void Session::err(std::string_view code, std::string_view text) {
  std::string reply = "-ERR ";
  reply += code;
  reply += text;
  reply += "\r\n";
  conn_->send(reply);
}

void Session::bad_command(std::string_view text) {
  err(code::kNone, text);
  if (++bad_commands_ >= kMaxBadCommands) {
    err(code::kNone, "Too many bad commands; closing the connection");
    done_ = true;
  }
}

void Session::line(std::string_view text) {
  std::string out(text);
  out += "\r\n";
  conn_->send(out);
}

void Session::end_multiline() { conn_->send(".\r\n"); }

asio::awaitable<std::optional<net::Line>> Session::read_continuation(std::size_t max) {
  if (!co_await conn_->flush()) {
    done_ = true;
    co_return std::nullopt;
  }
  net::Line line;
  auto status = co_await conn_->read_line(line, max);
  if (status != net::ReadStatus::ok) {
    say_goodbye(status);
    done_ = true;
    co_return std::nullopt;
  }
  co_return std::move(line);
}

void Session::say_goodbye(net::ReadStatus why) {
  // RFC 1939 section 3: an idle session may be closed "without sending any response";
  // saying why helps the person at the prompt. Nothing is deleted either way.
  if (why == net::ReadStatus::timeout)
    err(code::kNone, conn_->passed_deadline() ? "Too slow: command or login not completed in time"
                                              : "Disconnected for inactivity");
  if (why == net::ReadStatus::shutdown) err(code::kSysTemp, "Server shutting down; try again later");
  done_ = true;
}

}  // namespace carteiro::pop3
