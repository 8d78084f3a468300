#include "carteiro/imap/service.hpp"

#include "session.hpp"

namespace carteiro::imap {

namespace {
// The context is a parameter, so the coroutine frame keeps it alive.
asio::awaitable<void> run_session(std::shared_ptr<ServiceContext> context, std::shared_ptr<net::Connection> conn) {
  Session session(*context, std::move(conn));
  co_await session.run();
}
}  // namespace

ImapService::ImapService(const Config& config, store::Store& store, auth::Authenticator& auth)
    // Braces, not make_shared's parentheses: clang before 16 lacks C++20's parenthesised
    // aggregate initialisation (P0960), and ServiceContext is an aggregate.
    : context_(new ServiceContext{config, store, auth, {}, {}}) {}

ImapService::~ImapService() = default;

net::SessionHandler ImapService::handler() {
  auto context = context_;
  return [context](std::shared_ptr<net::Connection> conn) { return run_session(context, std::move(conn)); };
}

}  // namespace carteiro::imap
