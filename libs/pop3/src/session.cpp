// The session loop, the dispatcher and the replies.
#include "session.hpp"

#include <utility>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/pop3/banner.hpp"
#include "replies.hpp"

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
  const CommandSpec* spec = find_command(command.verb);
  if (auto refused = refusal(spec)) {
    bad_command(*refused);
    co_return;
  }
  // RFC 1939 section 7: any command but PASS forgets the USER (PASS takes it in on_pass).
  if (!(spec->flags & kFollowsUser)) user_.reset();
  bad_commands_ = 0;
  try {
    auto handle = (this->*(spec->handler))(command);
    co_await std::move(handle);
  } catch (const std::exception& e) {
    log::error("[{}] pop3: {} failed: {}", conn_->id(), verb_name(command.verb), e.what());
    err(code::kSysTemp, "Internal error; try again later");
  }
}

std::optional<std::string_view> Session::refusal(const CommandSpec* spec) const {
  if (!spec || !net::allowed_in(spec->states, state_))
    return state_ == State::authorization ? "Not logged in yet: use USER and PASS, APOP or AUTH first"
                                          : "Already logged in: that command is not valid now";
  if ((spec->flags & kFollowsUser) && !user_) return "Send USER first";
  return std::nullopt;
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
