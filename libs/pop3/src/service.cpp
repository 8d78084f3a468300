#include "carteiro/pop3/service.hpp"

#include "carteiro/pop3/context.hpp"
#include "carteiro/pop3/session.hpp"

namespace carteiro::pop3 {

namespace {
asio::awaitable<void> run_session(std::shared_ptr<ServiceContext> context, std::shared_ptr<net::Connection> conn) {
  Session session(*context, std::move(conn));
  co_await session.run();
}
}  // namespace

Pop3Service::Pop3Service(const Config& config, store::Store& store, auth::Authenticator& auth)
    : context_(std::make_shared<ServiceContext>(ServiceContext{config, store, auth})) {}

Pop3Service::~Pop3Service() = default;

net::SessionHandler Pop3Service::handler() {
  auto context = context_;
  return [context](std::shared_ptr<net::Connection> conn) { return run_session(context, std::move(conn)); };
}

}  // namespace carteiro::pop3
