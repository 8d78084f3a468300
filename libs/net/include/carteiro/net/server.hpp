#pragma once
// Listeners from the config: accept, apply connection limits (global and per client IP),
// optionally do the implicit TLS handshake, and run the protocol's session coroutine on a
// strand of its own. Shutdown stops accepting, tells every session, and waits a bounded time.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "carteiro/common/config.hpp"
#include "carteiro/net/connection.hpp"
#include "carteiro/net/tls.hpp"

namespace carteiro::net {

// Counts connections of one protocol, globally and per client address.
class ConnectionLimits {
 public:
  ConnectionLimits(unsigned max_total, unsigned max_per_ip) : max_total_(max_total), max_per_ip_(max_per_ip) {}
  bool try_acquire(const asio::ip::address& peer);  // false: over a limit
  void release(const asio::ip::address& peer);
  unsigned total() const;
 private:
  mutable std::mutex mutex_;
  unsigned max_total_, max_per_ip_, total_ = 0;
  std::map<asio::ip::address, unsigned> per_ip_;
};

using SessionHandler = std::function<asio::awaitable<void>(std::shared_ptr<Connection>)>;

// PROXY protocol on a listener (proxy_header.hpp): only TRUSTED addresses may connect, and
// each connection must begin with the header, whose client address then stands for the peer.
struct ProxyProtocol {
  bool enabled = false;
  std::vector<IpNetwork> trusted;
};

struct ListenerSpec {
  std::string protocol;                  // "smtp", "submission", "pop3", "imap"
  ListenAddress address;
  bool implicit_tls = false;
  std::shared_ptr<ConnectionLimits> limits;
  std::string busy_reply;                // sent, then close, when over a limit (CRLF included)
  ConnectionOptions options;             // idle timeout, transcript, lab, STARTTLS context
  SessionHandler handler;
  ProxyProtocol proxy;
};

class SpareDescriptor;

class Server {
 public:
  explicit Server(asio::io_context& io);
  ~Server();
  // Binds now (throws std::runtime_error naming the address on failure), accepts once run.
  void listen(ListenerSpec spec);
  // The ports actually bound, in listen() order (port 0 in the config picks a free one).
  std::vector<asio::ip::tcp::endpoint> endpoints() const;
  // Stops accepting, asks every session to end (they say goodbye), waits up to GRACE for
  // them, then closes what is left.
  asio::awaitable<void> shutdown(std::chrono::milliseconds grace);
  std::size_t active_sessions() const;

 private:
  struct Listener;
  asio::awaitable<void> accept_loop(std::shared_ptr<Listener> listener);
  asio::awaitable<void> run_session(std::shared_ptr<Listener> listener, asio::ip::tcp::socket socket);
  // Out of descriptors: answers one waiting connection with the busy reply (true) or
  // cannot (false: the caller pauses before accepting again).
  bool refuse_without_descriptors(Listener& listener, const asio::error_code& why);

  asio::io_context& io_;
  std::vector<std::shared_ptr<Listener>> listeners_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::weak_ptr<Connection>> sessions_;
  std::uint64_t next_session_ = 1;
  bool stopping_ = false;
  std::unique_ptr<SpareDescriptor> spare_;
};

}  // namespace carteiro::net
