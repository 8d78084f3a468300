#include "carteiro/managesieve/service.hpp"

#include "carteiro/net/protocol_session.hpp"
#include "session.hpp"

namespace carteiro::managesieve {

ManageSieveService::ManageSieveService(const Config& config, store::Store& store, auth::Authenticator& auth)
    : context_(std::make_shared<ServiceContext>(ServiceContext{config, store, auth})) {}

ManageSieveService::~ManageSieveService() = default;

net::SessionHandler ManageSieveService::handler() { return net::serve_sessions<Session>(context_); }

}  // namespace carteiro::managesieve
