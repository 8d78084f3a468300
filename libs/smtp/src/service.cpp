#include "carteiro/smtp/service.hpp"

#include "session.hpp"

namespace carteiro::smtp {

SmtpService::SmtpService(const Config& config, store::Store& store, auth::Authenticator& auth,
                         delivery::Deliverer& deliverer)
    : config_(config), store_(store), auth_(auth), deliverer_(deliverer),
      sending_rate_(config.submission.max_messages_per_hour, config.submission.max_recipients_per_hour) {}

// The handlers only forward to member coroutines: a coroutine lambda's captures would
// live in the lambda object, not in the coroutine frame.
net::SessionHandler SmtpService::mx_handler() {
  return [this](std::shared_ptr<net::Connection> conn) { return run_mx(std::move(conn)); };
}

net::SessionHandler SmtpService::submission_handler() {
  return [this](std::shared_ptr<net::Connection> conn) { return run_submission(std::move(conn)); };
}

asio::awaitable<void> SmtpService::run_mx(std::shared_ptr<net::Connection> conn) {
  Session session(SessionContext{config_, store_, auth_, deliverer_, sending_rate_}, ListenerKind::mx, std::move(conn));
  co_await session.run();
}

asio::awaitable<void> SmtpService::run_submission(std::shared_ptr<net::Connection> conn) {
  Session session(SessionContext{config_, store_, auth_, deliverer_, sending_rate_}, ListenerKind::submission, std::move(conn));
  co_await session.run();
}

}  // namespace carteiro::smtp
