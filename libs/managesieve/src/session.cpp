// The session loop: reading a request whole, the dispatcher and the replies.
#include "session.hpp"

#include <utility>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::managesieve {

namespace {
// Bad requests in a row before the session is ended (a runaway client or a port scanner
// speaking another protocol).
constexpr unsigned kMaxBadRequests = 20;
// A literal over the bound is skipped without being kept; one over this is not worth
// reading through at all, and ends the session.
constexpr std::size_t kMaxSkippedLiteral = 16 * 1024 * 1024;
constexpr std::size_t kSkipChunk = 64 * 1024;

std::string_view state_name(State state) {
  return state == State::non_authenticated ? "non-authenticated" : "authenticated";
}
}  // namespace

Session::Session(ServiceContext& context, std::shared_ptr<net::Connection> conn)
    : context_(context), conn_(std::move(conn)) {}

asio::awaitable<void> Session::run() {
  // RFC 5804 section 1.7: the server greets with its capabilities.
  send_capabilities();
  while (!done_) {
    if (!co_await conn_->flush()) co_return;
    auto request = co_await read_request();
    if (!request) break;
    co_await dispatch(*request);
  }
  co_await conn_->flush();
}

asio::awaitable<std::optional<RequestReader>> Session::read_request() {
  RequestReader reader(static_cast<std::size_t>(context_.config.sieve.max_script_size));
  auto next = RequestReader::Next::line;
  while (next != RequestReader::Next::done) {
    net::Line line;
    auto status = co_await conn_->read_line(line, kMaxRequestLine);
    if (status != net::ReadStatus::ok) {
      say_goodbye(status);
      co_return std::nullopt;
    }
    if (line.too_long) {
      // Its end (and a literal it may announce there) is lost: the dialogue cannot go on.
      bye(code::kNone, "Line too long");
      done_ = true;
      co_return std::nullopt;
    }
    next = reader.feed_line(line.text);
    if (next != RequestReader::Next::literal) continue;
    std::string octets;
    if (reader.keep_literal()) {
      status = co_await conn_->read_exact(octets, reader.literal_size());
    } else if (reader.literal_size() > kMaxSkippedLiteral) {
      bye(code::kMaxSize, reader.error().value_or("String too long"));
      done_ = true;
      co_return std::nullopt;
    } else {
      for (std::size_t left = reader.literal_size(); left > 0 && status == net::ReadStatus::ok;) {
        auto n = std::min(left, kSkipChunk);
        octets.clear();
        status = co_await conn_->read_exact(octets, n);
        left -= n;
      }
      octets.clear();
    }
    if (status != net::ReadStatus::ok) {
      say_goodbye(status);
      co_return std::nullopt;
    }
    next = reader.feed_literal(std::move(octets));
  }
  co_return std::move(reader);
}

asio::awaitable<void> Session::dispatch(const RequestReader& reader) {
  if (reader.error()) {
    bad_request(reader.too_big() ? code::kMaxSize : code::kNone, *reader.error());
    co_return;
  }
  const auto& tokens = reader.request().tokens;
  if (tokens.empty()) {
    bad_request(code::kNone, "Empty command");
    co_return;
  }
  if (tokens.front().kind != Token::Kind::atom) {
    bad_request(code::kNone, "A command starts with its name, e.g. CAPABILITY");
    co_return;
  }
  auto name = to_upper(tokens.front().text);
  const CommandSpec* spec = find_command(name);
  if (auto refused = refusal(spec)) {
    bad_request(code::kNone, *refused);
    co_return;
  }
  bad_requests_ = 0;
  Arguments args(tokens.begin() + 1, tokens.end());
  try {
    auto handle = (this->*(spec->handler))(args);
    co_await std::move(handle);
  } catch (const store::UserError& e) {
    no(code::kNone, e.what());
  } catch (const store::Error& e) {
    log::error("[{}] managesieve: {} failed: {}", conn_->id(), name, e.what());
    no(e.temporary() ? code::kTryLater : code::kNone, "The server cannot do that now; try again later");
  } catch (const std::exception& e) {
    log::error("[{}] managesieve: {} failed: {}", conn_->id(), name, e.what());
    no(code::kTryLater, "Internal error; try again later");
  }
}

std::optional<std::string_view> Session::refusal(const CommandSpec* spec) const {
  if (!spec) return "Unknown command";
  if (net::allowed_in(spec->states, state_)) return std::nullopt;
  return state_ == State::non_authenticated ? "Not logged in yet: AUTHENTICATE first"
                                            : "Already logged in: that command is not valid now";
}

void Session::enter_state(State next) {
  log::debug("[{}] managesieve: {} -> {}", conn_->id(), state_name(state_), state_name(next));
  state_ = next;
}

void Session::ok(std::string_view code, std::string_view text) { conn_->send(response("OK", code, text)); }
void Session::no(std::string_view code, std::string_view text) { conn_->send(response("NO", code, text)); }
void Session::bye(std::string_view code, std::string_view text) { conn_->send(response("BYE", code, text)); }

void Session::bad_request(std::string_view code, std::string_view text) {
  no(code, text);
  if (++bad_requests_ >= kMaxBadRequests) {
    bye(code::kNone, "Too many bad commands; closing the connection");
    done_ = true;
  }
}

void Session::say_goodbye(net::ReadStatus why) {
  // RFC 5804 section 1.4: BYE before the server closes the connection.
  if (why == net::ReadStatus::timeout)
    bye(code::kNone, conn_->passed_deadline() ? "Too slow: command or login not completed in time"
                                              : "Disconnected for inactivity");
  if (why == net::ReadStatus::shutdown) bye(code::kTryLater, "Server shutting down; try again later");
  done_ = true;
}

bool Session::expect_strings(const Arguments& args, std::size_t min, std::size_t max, std::string_view usage) {
  bool fits = args.size() >= min && args.size() <= max;
  for (const auto& a : args) fits = fits && a.kind == Token::Kind::string;
  if (!fits) bad_request(code::kNone, usage);
  return fits;
}

}  // namespace carteiro::managesieve
