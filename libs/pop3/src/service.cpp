#include "carteiro/pop3/service.hpp"

#include "carteiro/net/protocol_session.hpp"
#include "context.hpp"
#include "session.hpp"

namespace carteiro::pop3 {

Pop3Service::Pop3Service(const Config& config, store::Store& store, auth::Authenticator& auth)
    : context_(std::make_shared<ServiceContext>(ServiceContext{config, store, auth})) {}

Pop3Service::~Pop3Service() = default;

net::SessionHandler Pop3Service::handler() { return net::serve_sessions<Session>(context_); }

}  // namespace carteiro::pop3
