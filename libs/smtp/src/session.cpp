#include "session.hpp"

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::smtp {

std::string_view state_name(State state) {
  switch (state) {
    case State::connected: return "connected";
    case State::greeted: return "greeted";
    case State::mail: return "mail";
    case State::rcpt: return "rcpt";
    case State::closing: return "closing";
  }
  return "?";
}

Session::Session(SessionContext context, ListenerKind kind, std::shared_ptr<net::Connection> conn)
    : ctx_(context), kind_(kind), conn_(std::move(conn)) {}

const SmtpConfig& Session::limits() const { return submission() ? ctx_.config.submission : ctx_.config.smtp; }

// Submission without TLS from a remote client: only what leads to STARTTLS is allowed,
// since AUTH (required before MAIL) would send a password in the clear.
bool Session::tls_required() const {
  return submission() && conn_->tls_available() && !conn_->plaintext_auth_allowed();
}

void Session::enter_state(State next) {
  if (next == state_) return;
  log::debug("[{}] smtp state {} -> {}", conn_->id(), state_name(state_), state_name(next));
  state_ = next;
}

void Session::reply(const FixedReply& r, std::string_view text) {
  if (r.code >= 500) ++errors_;
  conn_->send(render(r, text));
}

void Session::reply_lines(const FixedReply& r, const std::vector<std::string>& lines) {
  if (r.code >= 500) ++errors_;
  conn_->send(render_lines(r, lines));
}

void Session::reset_transaction() {
  tx_.reset();
  if (state_ == State::mail || state_ == State::rcpt) enter_state(State::greeted);
}

void Session::end_by(net::ReadStatus status) {
  if (status == net::ReadStatus::timeout) {
    const FixedReply& why = conn_->passed_deadline() ? kTooSlow : kIdleTimeout;
    if (!conn_->passed_deadline()) log::info("[{}] idle timeout", conn_->id());
    reply(why, fmt::format("{} {}", ctx_.config.hostname, why.text));
  } else if (status == net::ReadStatus::shutdown) {
    reply(kShuttingDown, fmt::format("{} {}", ctx_.config.hostname, kShuttingDown.text));
  }
  enter_state(State::closing);
}

asio::awaitable<bool> Session::read_line(net::Line& line, std::size_t max) {
  auto flushed = co_await conn_->flush();
  if (!flushed) {
    enter_state(State::closing);
    co_return false;
  }
  auto status = co_await conn_->read_line(line, max);
  if (status == net::ReadStatus::ok) co_return true;
  end_by(status);
  co_return false;
}

asio::awaitable<void> Session::run() {
  reply(kGreeting, fmt::format("{} {}", ctx_.config.hostname, kGreeting.text));
  net::Line line;
  while (state_ != State::closing) {
    // RFC 2920 section 3.2: answer when the client has sent everything it had, or when
    // a command ends a group; a pipelining client then gets its replies in one write.
    if (flush_now_ || conn_->buffered() == 0) {
      flush_now_ = false;
      if (!co_await conn_->flush()) co_return;
    }
    auto status = co_await conn_->read_line(line, kMaxCommandLine);
    if (status != net::ReadStatus::ok) {
      end_by(status);
      break;
    }
    co_await dispatch(line);
    if (errors_ > kMaxErrors && state_ != State::closing) {
      log::info("[{}] too many errors, closing", conn_->id());
      reply(kTooManyErrors);
      enter_state(State::closing);
    }
  }
  co_await conn_->flush();
}

asio::awaitable<void> Session::dispatch(const net::Line& line) {
  if (line.too_long) {
    reply(kLineTooLong);
    co_return;
  }
  if (line.has_nul) {
    reply(kNulInCommand);
    co_return;
  }
  auto command = parse_command_line(line.text);
  const CommandSpec* spec = find_command(command.verb);
  if (!spec) {
    flush_now_ = true;  // an unknown command may be the client giving up on pipelining
    if (command.verb == Verb::unknown) reply(kUnrecognized);
    else reply(kNotImplemented);
    co_return;
  }
  if (spec->flags & kEndsGroup) flush_now_ = true;
  if (!(spec->flags & kCarriesPayload)) {
    if (auto refused = refusal(*spec)) {
      reply(refused->first, refused->second);
      co_return;
    }
  }
  co_await (this->*(spec->handler))(command);
}

std::optional<std::pair<FixedReply, std::string_view>> Session::refusal(const CommandSpec& spec) const {
  if (tls_required() && !conn_->is_tls() && !(spec.flags & kPreTls)) return std::make_pair(kTlsRequired, kTlsRequired.text);
  if (!net::allowed_in(spec.states, state_))
    return std::make_pair(kBadSequence, spec.out_of_sequence.empty() ? kBadSequence.text : spec.out_of_sequence);
  if ((spec.flags & kNeedsAuth) && submission() && !account_) return std::make_pair(kAuthRequired, kAuthRequired.text);
  return std::nullopt;
}

}  // namespace carteiro::smtp
