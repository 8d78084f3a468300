#include "carteiro/net/connection.hpp"

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include <array>

#include "carteiro/common/ip_network.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"

namespace carteiro::net {

using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;
constexpr auto kLinger = std::chrono::seconds(2);
}  // namespace

bool ConnectionInfo::loopback() const { return unmapped(peer).is_loopback(); }

std::string ConnectionInfo::peer_text() const { return unmapped(peer).to_string(); }

Connection::Connection(Stream stream, ConnectionInfo info, ConnectionOptions options)
    : stream_(std::move(stream)),
      info_(std::move(info)),
      options_(options),
      deadline_(stream_.get_executor()),
      connected_at_(std::chrono::steady_clock::now()) {}

void Connection::arm_deadline() {
  using clock = std::chrono::steady_clock;
  auto until = clock::now() + options_.idle_timeout;
  deadline_name_ = nullptr;
  auto earlier = [&](clock::time_point t, const char* name) {
    if (t < until) {
      until = t;
      deadline_name_ = name;
    }
  };
  if (line_started_ && options_.line_deadline.count() > 0) earlier(*line_started_ + options_.line_deadline, "line");
  if (!logged_in_ && options_.login_deadline.count() > 0) earlier(connected_at_ + options_.login_deadline, "login");
  deadline_.expires_at(until);
}

asio::awaitable<ReadStatus> Connection::fill(bool wakeable) {
  // Armed once: a wake that this read does not want must not restart its idle timeout
  // (other sessions' commits would keep an idle client alive for ever).
  arm_deadline();
  for (;;) {
    if (shutdown_) co_return ReadStatus::shutdown;
    if (wakeable && woken_.exchange(false)) co_return ReadStatus::woken;
    if (closed_) co_return ReadStatus::closed;
    auto buffered_before = input_.buffered();  // feeding only adds; lines are taken after fill
    auto read = receive_chunk();
    auto wait = deadline_.async_wait(kNoThrow);
    auto result = co_await (std::move(read) || std::move(wait));
    // Whichever finished first, a read that completed has put its bytes into input_.
    if (input_.buffered() != buffered_before) co_return ReadStatus::ok;
    if (result.index() == 0) {  // the read ended without a byte: end of stream or an error
      closed_ = true;
      co_return ReadStatus::closed;
    }
    auto [ec] = std::get<1>(result);
    if (!ec) {  // the deadline passed
      if (deadline_name_) log::info("[{}] {} deadline passed", info_.id, deadline_name_);
      passed_deadline_ = deadline_name_;
      co_return ReadStatus::timeout;
    }
    // The timer was cancelled by wake() or request_shutdown(): the loop head says which;
    // a wake for a read that does not want it just reads on, with the same deadline.
  }
}

// The session's strand may run the woken timer's completion before that of a read that
// already took bytes from the socket on another thread; `||` then cancels the read and
// discards its result. So the read itself keeps what it received, and fill() looks at
// input_, not at which operation won.
asio::awaitable<void> Connection::receive_chunk() {
  std::array<char, kReadChunk> chunk;
  auto result = co_await stream_.read_some(asio::buffer(chunk));
  auto n = std::get<1>(result);
  // An end of stream or error (no bytes) is fill()'s to judge: when the timer finished
  // first, the next read meets it again.
  if (n == 0) co_return;
  input_.feed(std::string_view(chunk.data(), n));
}

asio::awaitable<ReadStatus> Connection::read_line(Line& out, std::size_t max_line, bool wakeable) {
  for (;;) {
    if (auto line = input_.next_line(max_line)) {
      line_started_.reset();
      out = std::move(*line);
      transcript('C', out.text);
      co_return ReadStatus::ok;
    }
    // The line's clock starts with its first byte (or, for bytes that came with the
    // previous line, now): trickling more bytes does not restart it.
    if (!line_started_ && input_.in_line()) line_started_ = std::chrono::steady_clock::now();
    auto status = co_await fill(wakeable);
    if (status != ReadStatus::ok) co_return status;
  }
}

asio::awaitable<ReadStatus> Connection::read_exact(std::string& out, std::size_t n) {
  // A literal or BDAT chunk is data, not a line: it may take as long as its size needs,
  // bounded by the idle timeout between chunks (and the login deadline before login).
  line_started_.reset();
  out.clear();
  for (;;) {
    input_.take_some(out, n - out.size());
    if (out.size() == n) {
      if (options_.transcript) note(fmt::format("C: ({} octets)", n));
      co_return ReadStatus::ok;
    }
    auto status = co_await fill(false);
    if (status != ReadStatus::ok) co_return status;
  }
}

void Connection::send(std::string_view data) {
  transcript('S', data);
  output_.append(data);
}

asio::awaitable<bool> Connection::flush() {
  if (output_.empty()) co_return !closed_;
  if (closed_) co_return false;
  std::string data;
  data.swap(output_);
  asio::steady_timer timer(stream_.get_executor());
  timer.expires_after(options_.write_timeout);
  auto write = stream_.write_all(data);
  auto wait = timer.async_wait(kNoThrow);
  auto result = co_await (std::move(write) || std::move(wait));
  if (result.index() == 1 || std::get<0>(std::get<0>(result))) {
    closed_ = true;
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Connection::write(std::string_view data) {
  send(data);
  co_return co_await flush();
}

asio::awaitable<bool> Connection::start_tls() {
  if (!options_.tls || stream_.is_tls()) co_return false;
  input_.clear();  // RFC 3207 section 4.2: nothing sent before the handshake counts
  asio::steady_timer timer(stream_.get_executor());
  timer.expires_after(options_.idle_timeout);
  auto handshake = [this]() -> asio::awaitable<bool> {
    try {
      auto context = options_.tls->context();
      co_await stream_.handshake_server(std::move(context));
      co_return true;
    } catch (const std::exception& e) {
      log::info("[{}] TLS handshake failed: {}", info_.id, e.what());
      co_return false;
    }
  };
  auto attempt = handshake();
  auto wait = timer.async_wait(kNoThrow);
  auto result = co_await (std::move(attempt) || std::move(wait));
  bool ok = result.index() == 0 && std::get<0>(result);
  if (!ok) closed_ = true;
  else if (options_.transcript) note(fmt::format("TLS started: {}", stream_.tls_description()));
  co_return ok;
}

void Connection::wake() {
  woken_ = true;
  auto self = shared_from_this();
  asio::post(stream_.get_executor(), [self] { self->deadline_.cancel(); });
}

void Connection::request_shutdown() {
  shutdown_ = true;
  auto self = shared_from_this();
  asio::post(stream_.get_executor(), [self] { self->deadline_.cancel(); });
}

void Connection::note(std::string_view text) {
  if (options_.transcript) log::info("[{}] {}", info_.id, text);
}

void Connection::transcript(char who, std::string_view data) {
  if (!options_.transcript) return;
  if (data.empty()) {  // an empty client line (the blank line of DATA) is a line too
    log::info("[{}] {}: ", info_.id, who);
    return;
  }
  // One log line per protocol line; a trailing CRLF does not make an empty line.
  while (!data.empty()) {
    auto nl = data.find('\n');
    std::string_view line = data.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    log::info("[{}] {}: {}", info_.id, who, printable(line));
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
}

asio::awaitable<void> Connection::close_gracefully() {
  if (closed_) {
    close();
    co_return;
  }
  asio::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (!ec) {
    asio::steady_timer timer(stream_.get_executor());
    timer.expires_after(kLinger);
    auto drain = drain_input();
    auto wait = timer.async_wait(kNoThrow);
    co_await (std::move(drain) || std::move(wait));
  }
  close();
}

asio::awaitable<void> Connection::drain_input() {
  std::array<char, kReadChunk> chunk;
  for (;;) {
    auto result = co_await stream_.read_some(asio::buffer(chunk));
    if (std::get<1>(result) == 0) co_return;  // the client closed (or the link failed)
  }
}

void Connection::close() {
  closed_ = true;
  stream_.close();
}

}  // namespace carteiro::net
