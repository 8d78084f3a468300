#include "carteiro/smtp/service.hpp"

#include "carteiro/net/protocol_session.hpp"
#include "sender_checks.hpp"
#include "session.hpp"

namespace carteiro::smtp {

SmtpService::SmtpService(const Config& config, store::Store& store, auth::Authenticator& auth,
                         delivery::Deliverer& deliverer)
    : config_(config), store_(store), auth_(auth), deliverer_(deliverer),
      sending_rate_(config.submission.max_messages_per_hour, config.submission.max_recipients_per_hour),
      // Only an MX that listens needs the resolver and the Public Suffix List.
      sender_checks_(config.smtp.sender_checks && !config.smtp.listen.empty() ? std::make_unique<SenderChecks>(config)
                                                                               : nullptr) {}

SmtpService::~SmtpService() = default;

net::SessionHandler SmtpService::mx_handler() { return handler(ListenerKind::mx); }

net::SessionHandler SmtpService::submission_handler() { return handler(ListenerKind::submission); }

// The service outlives the listeners (carteirod), so the sessions may refer to it.
net::SessionHandler SmtpService::handler(ListenerKind kind) {
  return net::serve_sessions([this, kind](std::shared_ptr<net::Connection> conn) -> std::unique_ptr<net::ProtocolSession> {
    SessionContext context{config_, store_, auth_, deliverer_, sending_rate_, sender_checks_.get()};
    return std::make_unique<Session>(context, kind, std::move(conn));
  });
}

}  // namespace carteiro::smtp
