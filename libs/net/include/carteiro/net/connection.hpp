#pragma once
// A client connection as a protocol session sees it: read a line or N bytes with the idle
// timeout, write replies, switch to TLS in place, and learn that the server is shutting
// down or that something it waits for happened (wake). Every protocol session is a
// coroutine that owns one Connection and runs on its own strand.
#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/net/line_buffer.hpp"
#include "carteiro/net/stream.hpp"
#include "carteiro/net/tls.hpp"

namespace carteiro::net {

enum class ReadStatus {
  ok,        // a line / the bytes are here
  timeout,   // idle timeout or a deadline passed: say goodbye (SMTP 421, IMAP BYE, POP3 -ERR) and end
  closed,    // the client went away (EOF, reset, TLS error): just end
  shutdown,  // the server is stopping: say goodbye and end
  woken,     // wake() was called (only when the read was started with wakeable = true)
};

struct ConnectionInfo {
  std::string id;            // short session id for logs, e.g. "s3f2a"
  std::string protocol;      // "smtp", "submission", "pop3", "imap"
  asio::ip::address peer;
  std::uint16_t peer_port = 0;
  asio::ip::address local;
  std::uint16_t local_port = 0;
  bool implicit_tls = false;
  std::string proxy;         // the proxy's address when a PROXY header named the peer
  bool loopback() const;
  std::string peer_text() const;   // "127.0.0.1" (v4-mapped v6 shown as v4)
};

struct ConnectionOptions {
  std::chrono::seconds idle_timeout{300};
  std::chrono::seconds write_timeout{300};
  // Bounds that a client trickling bytes cannot stretch (the idle timeout restarts with
  // every chunk; these do not): a line must be complete LINE_DEADLINE after its first
  // byte, and the client must log in within LOGIN_DEADLINE of connecting (zero: no such
  // bound, for MX sessions, which never log in).
  std::chrono::seconds line_deadline{60};
  std::chrono::seconds login_deadline{0};
  bool transcript = false;           // log every line as "[id] C: ..." / "[id] S: ..."
  bool lab = false;                  // lab profile: plaintext auth allowed everywhere
  // STARTTLS and implicit TLS (nullptr: no TLS configured). Each handshake takes the
  // certificate's context of the moment, so a reload (SIGHUP) applies to new sessions.
  std::shared_ptr<TlsCertificate> tls;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Stream stream, ConnectionInfo info, ConnectionOptions options);

  const ConnectionInfo& info() const { return info_; }
  const std::string& id() const { return info_.id; }
  ConnectionOptions& options() { return options_; }
  void set_idle_timeout(std::chrono::seconds t) { options_.idle_timeout = t; }
  // After a read returned ReadStatus::timeout: "line" or "login" when that absolute
  // deadline ended it, nullptr when it was the idle timeout (the goodbye says which).
  const char* passed_deadline() const { return passed_deadline_; }
  // The session authenticated the client: the login deadline no longer applies.
  void mark_logged_in() { logged_in_ = true; }

  // One line of at most MAX_LINE octets (see LineBuffer for too_long, bare LF, NUL).
  asio::awaitable<ReadStatus> read_line(Line& out, std::size_t max_line, bool wakeable = false);
  // Exactly N bytes (caller bounds N).
  asio::awaitable<ReadStatus> read_exact(std::string& out, std::size_t n);
  // Bytes already received and not yet consumed (PIPELINING: reply when this is 0).
  std::size_t buffered() const { return input_.buffered(); }

  // Queue bytes to send; flush() sends everything queued. write() = send + flush.
  void send(std::string_view data);
  asio::awaitable<bool> flush();          // false: the client is gone (or write timed out)
  asio::awaitable<bool> write(std::string_view data);

  // Server-side TLS handshake in place; buffered input is discarded first. False on
  // failure (the session should end). Needs options().tls.
  asio::awaitable<bool> start_tls();
  bool is_tls() const { return stream_.is_tls(); }
  bool tls_available() const { return options_.tls != nullptr; }
  std::string tls_description() const { return stream_.tls_description(); }
  // Plaintext passwords are acceptable on this connection: TLS, loopback, or the lab profile.
  bool plaintext_auth_allowed() const { return is_tls() || info_.loopback() || options_.lab; }

  // Thread-safe: a wakeable read in progress (or the next one) returns ReadStatus::woken.
  void wake();
  // Thread-safe: reads return ReadStatus::shutdown from now on.
  void request_shutdown();
  bool shutting_down() const { return shutdown_.load(); }

  // Transcript of the lab profile (no-ops when off). Reads and writes log themselves;
  // these are for what a session wants to show otherwise.
  void note(std::string_view text);
  void close();
  // Ends a dialogue without losing its last reply: closing with unread input makes the
  // kernel answer with a reset, and the client may then never read the reply already
  // sent (the 421 after too many errors). Sends FIN, drops what the client still sends
  // until it closes too (at most a couple of seconds), then closes.
  asio::awaitable<void> close_gracefully();
  // The session's strand: post here to touch the connection from another thread.
  Stream::executor_type executor() { return stream_.get_executor(); }

 private:
  asio::awaitable<ReadStatus> fill(bool wakeable);
  // One read_some whose bytes go straight into input_ (see fill()).
  asio::awaitable<void> receive_chunk();
  asio::awaitable<void> drain_input();
  // Arms deadline_ for the next read: the idle timeout or an earlier absolute deadline.
  void arm_deadline();
  void transcript(char who, std::string_view data);

  Stream stream_;
  ConnectionInfo info_;
  ConnectionOptions options_;
  LineBuffer input_;
  std::string output_;
  asio::steady_timer deadline_;
  const std::chrono::steady_clock::time_point connected_at_;
  std::optional<std::chrono::steady_clock::time_point> line_started_;  // a partial line's first byte
  bool logged_in_ = false;
  const char* deadline_name_ = nullptr;  // the absolute deadline deadline_ is armed for, if any
  const char* passed_deadline_ = nullptr;
  std::atomic<bool> shutdown_{false};
  std::atomic<bool> woken_{false};
  bool closed_ = false;
};

}  // namespace carteiro::net
