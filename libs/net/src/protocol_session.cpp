#include "carteiro/net/protocol_session.hpp"

namespace carteiro::net {

namespace {
// The factory is a parameter, so the coroutine frame keeps it (and its captures) alive; a
// coroutine lambda's captures would live in the lambda object, not in the frame.
asio::awaitable<void> run_session(std::shared_ptr<const SessionFactory> make, std::shared_ptr<Connection> conn) {
  auto session = (*make)(std::move(conn));
  co_await session->run();
}
}  // namespace

SessionHandler serve_sessions(SessionFactory make) {
  auto shared = std::make_shared<const SessionFactory>(std::move(make));
  return [shared](std::shared_ptr<Connection> conn) { return run_session(shared, std::move(conn)); };
}

}  // namespace carteiro::net
