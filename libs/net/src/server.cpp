#include "carteiro/net/server.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <variant>

#include "carteiro/common/log.hpp"
#include "proxy_receive.hpp"
#include "spare_descriptor.hpp"

namespace carteiro::net {

namespace {
constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr auto kTlsHandshakeTimeout = std::chrono::seconds(30);
// A proxy sends its header at once, before the client's first byte: a short wait suffices.
constexpr std::chrono::milliseconds kProxyHeaderTimeout = std::chrono::seconds(5);
constexpr auto kAcceptRetryPause = std::chrono::milliseconds(100);

bool out_of_descriptors(const asio::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error_code(ENFILE, asio::system_category());
}

bool trusted(const std::vector<IpNetwork>& networks, const asio::ip::address& peer) {
  for (auto& n : networks)
    if (n.contains(peer)) return true;
  return false;
}

// PROXY protocol: refuses an untrusted peer or a missing/bad header (warn, close); else
// puts the client the proxy names in INFO (LOCAL and UNKNOWN keep the socket's addresses).
// Before any limit is counted, so that the limits count the real client.
asio::awaitable<bool> accept_proxied(const ProxyProtocol& proxy, asio::ip::tcp::socket& socket, ConnectionInfo& info) {
  asio::error_code ec;
  if (!trusted(proxy.trusted, info.peer)) {
    log::warn("{}: refused {}: not in trusted_proxies, and this listener takes only the PROXY protocol", info.protocol,
              info.peer_text());
    socket.close(ec);
    co_return false;
  }
  auto receiving = receive_proxy_header(socket, kProxyHeaderTimeout);
  auto header = co_await std::move(receiving);
  if (header.status != ProxyHeader::Status::complete) {
    log::warn("{}: refused a connection from proxy {}: {}", info.protocol, info.peer_text(), header.error);
    socket.close(ec);
    co_return false;
  }
  if (header.endpoints) {
    info.proxy = info.peer_text();
    info.peer = header.endpoints->source;
    info.peer_port = header.endpoints->source_port;
    info.local = header.endpoints->destination;
    info.local_port = header.endpoints->destination_port;
  }
  co_return true;
}
}  // namespace

bool ConnectionLimits::try_acquire(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  auto& n = per_ip_[peer];
  if (total_ >= max_total_ || n >= max_per_ip_) {
    if (n == 0) per_ip_.erase(peer);
    return false;
  }
  ++n;
  ++total_;
  return true;
}

void ConnectionLimits::release(const asio::ip::address& peer) {
  std::lock_guard lock(mutex_);
  auto it = per_ip_.find(peer);
  if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
  if (total_ > 0) --total_;
}

unsigned ConnectionLimits::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

struct Server::Listener {
  ListenerSpec spec;
  asio::ip::tcp::acceptor acceptor;
  Listener(ListenerSpec s, asio::io_context& io) : spec(std::move(s)), acceptor(asio::make_strand(io)) {}
};

Server::Server(asio::io_context& io) : io_(io), spare_(std::make_unique<SpareDescriptor>()) {}
Server::~Server() = default;

void Server::listen(ListenerSpec spec) {
  auto listener = std::make_shared<Listener>(std::move(spec), io_);
  auto& a = listener->spec.address;
  try {
    asio::ip::tcp::resolver resolver(io_);
    auto results = resolver.resolve(a.host, std::to_string(a.port),
                                    asio::ip::tcp::resolver::passive | asio::ip::tcp::resolver::numeric_service);
    if (results.empty()) throw std::runtime_error("no address");
    asio::ip::tcp::endpoint endpoint = *results.begin();
    listener->acceptor.open(endpoint.protocol());
    listener->acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    listener->acceptor.bind(endpoint);
    listener->acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("cannot listen on {} for {}: {}", a.text(), listener->spec.protocol, e.what()));
  }
  listeners_.push_back(listener);
  auto loop = accept_loop(listener);
  asio::co_spawn(listener->acceptor.get_executor(), std::move(loop), asio::detached);
}

std::vector<asio::ip::tcp::endpoint> Server::endpoints() const {
  std::vector<asio::ip::tcp::endpoint> out;
  for (auto& l : listeners_) {
    asio::error_code ec;
    out.push_back(l->acceptor.local_endpoint(ec));
  }
  return out;
}

asio::awaitable<void> Server::accept_loop(std::shared_ptr<Listener> listener) {
  for (;;) {
    auto [ec, socket] = co_await listener->acceptor.async_accept(asio::make_strand(io_), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !listener->acceptor.is_open()) co_return;
      if (out_of_descriptors(ec) && refuse_without_descriptors(*listener, ec)) continue;
      log::warn("{}: accept failed: {}", listener->spec.protocol, ec.message());
      asio::steady_timer pause(listener->acceptor.get_executor(), kAcceptRetryPause);
      co_await pause.async_wait(kNoThrow);  // e.g. out of file descriptors: don't spin
      continue;
    }
    auto executor = socket.get_executor();
    auto session = run_session(listener, std::move(socket));
    asio::co_spawn(executor, std::move(session), asio::detached);
  }
}

bool Server::refuse_without_descriptors(Listener& listener, const asio::error_code& why) {
  bool answered = false;
  auto answer_one = [&] {
    asio::error_code ec;
    asio::ip::tcp::socket socket(io_);
    // Non-blocking: if the client gave up meanwhile, there is nothing to wait for.
    listener.acceptor.non_blocking(true, ec);
    listener.acceptor.accept(socket, ec);
    asio::error_code ignored;
    listener.acceptor.non_blocking(false, ignored);
    if (ec) return;
    auto remote = socket.remote_endpoint(ignored);
    // A fresh socket's send buffer takes the short reply at once.
    asio::write(socket, asio::buffer(listener.spec.busy_reply), ignored);
    socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
    log::warn("{}: out of file descriptors ({}): refused {} with the busy reply", listener.spec.protocol, why.message(),
              unmapped(remote.address()).to_string());
    answered = true;
  };
  return spare_->with_released(answer_one) && answered;
}

asio::awaitable<void> Server::run_session(std::shared_ptr<Listener> listener, asio::ip::tcp::socket socket) {
  ConnectionInfo info;
  asio::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) co_return;  // already gone
  auto local = socket.local_endpoint(ec);
  // Replies are small and often pipelined: don't let Nagle hold them for the client's ACK.
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  info.peer = remote.address();
  info.peer_port = remote.port();
  info.local = local.address();
  info.local_port = local.port();
  info.protocol = listener->spec.protocol;
  info.implicit_tls = listener->spec.implicit_tls;
  if (listener->spec.proxy.enabled) {
    auto accepting = accept_proxied(listener->spec.proxy, socket, info);
    bool accepted = co_await std::move(accepting);
    if (!accepted) co_return;
  }

  auto& limits = listener->spec.limits;
  if (limits && !limits->try_acquire(info.peer)) {
    log::warn("{}: refused {}: too many connections", info.protocol, info.peer_text());
    auto busy = asio::buffer(listener->spec.busy_reply);
    co_await asio::async_write(socket, busy, kNoThrow);
    socket.close(ec);
    co_return;
  }

  std::uint64_t number;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      if (limits) limits->release(info.peer);
      co_return;
    }
    number = next_session_++;
  }
  info.id = fmt::format("{}{:x}", info.protocol.substr(0, 1), number);
  log::info("[{}] {} connection from {}:{}{}{}", info.id, info.protocol, info.peer_text(), info.peer_port,
            info.proxy.empty() ? "" : " via proxy " + info.proxy, info.implicit_tls ? " (TLS)" : "");

  Stream stream(std::move(socket));
  bool ready = true;
  if (listener->spec.implicit_tls) {
    asio::steady_timer timer(stream.get_executor(), kTlsHandshakeTimeout);
    // Implicit TLS: the handshake comes before any protocol byte (RFC 8314 section 3).
    auto handshake = [&]() -> asio::awaitable<bool> {
      try {
        auto context = listener->spec.options.tls->context();
        co_await stream.handshake_server(std::move(context));
        co_return true;
      } catch (const std::exception& e) {
        log::info("[{}] TLS handshake failed: {}", info.id, e.what());
        co_return false;
      }
    };
    auto attempt = handshake();
    auto timeout = [&]() -> asio::awaitable<bool> {
      co_await timer.async_wait(kNoThrow);
      co_return false;
    };
    auto limit = timeout();
    using namespace asio::experimental::awaitable_operators;
    auto result = co_await (std::move(attempt) || std::move(limit));
    ready = std::visit([](bool b) { return b; }, result);
  }

  if (ready) {
    auto connection = std::make_shared<Connection>(std::move(stream), info, listener->spec.options);
    {
      std::lock_guard lock(mutex_);
      sessions_[number] = connection;
    }
    try {
      co_await listener->spec.handler(connection);
    } catch (const std::exception& e) {
      log::error("[{}] session ended by an error: {}", info.id, e.what());
    }
    co_await connection->close_gracefully();
    std::lock_guard lock(mutex_);
    sessions_.erase(number);
  } else {
    stream.close();
  }
  if (limits) limits->release(info.peer);
  log::info("[{}] closed", info.id);
}

asio::awaitable<void> Server::shutdown(std::chrono::milliseconds grace) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [n, weak] : sessions_)
      if (auto c = weak.lock()) live.push_back(c);
  }
  for (auto& l : listeners_) {
    auto listener = l;
    asio::post(l->acceptor.get_executor(), [listener] {
      asio::error_code ec;
      listener->acceptor.close(ec);
    });
  }
  for (auto& c : live) c->request_shutdown();
  live.clear();
  auto deadline = std::chrono::steady_clock::now() + grace;
  asio::steady_timer tick(co_await asio::this_coro::executor);
  while (active_sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(kNoThrow);
  }
  std::lock_guard lock(mutex_);
  for (auto& [n, weak] : sessions_)
    if (auto c = weak.lock()) {
      auto executor = c->executor();
      asio::post(executor, [c] { c->close(); });
    }
}

std::size_t Server::active_sessions() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace carteiro::net
