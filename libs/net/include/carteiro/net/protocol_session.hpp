#pragma once
// What a protocol gives its listeners: a factory that builds one session per connection.
// Everything around the session (accepting, connection limits, PROXY header, implicit TLS,
// deadlines, the strand, connect/disconnect logging, shutdown) is the Server's; a protocol
// library (SMTP, POP3, IMAP, and ManageSieve or HTTP later) only says how to make its
// session and what the session does.
#include <asio/awaitable.hpp>

#include <functional>
#include <memory>

#include "carteiro/net/connection.hpp"
#include "carteiro/net/server.hpp"

namespace carteiro::net {

// One protocol session: a coroutine that owns its connection until the dialogue ends.
class ProtocolSession {
 public:
  virtual ~ProtocolSession() = default;
  virtual asio::awaitable<void> run() = 0;
};

using SessionFactory = std::function<std::unique_ptr<ProtocolSession>(std::shared_ptr<Connection>)>;

// The listener's handler: each connection gets a session from MAKE, which is run to its
// end. MAKE (and what it captured) lives as long as any session it made still runs.
SessionHandler serve_sessions(SessionFactory make);

// The usual factory: a SESSION built on a CONTEXT all sessions of the protocol share
// (Session(Context&, std::shared_ptr<Connection>)); the context lives while they run.
template <class Session, class Context>
SessionHandler serve_sessions(std::shared_ptr<Context> context) {
  return serve_sessions([context](std::shared_ptr<Connection> conn) -> std::unique_ptr<ProtocolSession> {
    return std::make_unique<Session>(*context, std::move(conn));
  });
}

}  // namespace carteiro::net
