#pragma once
// The POP3 service (RFC 1939 with RFC 2449 CAPA, RFC 2595 STLS and RFC 5034 AUTH) that
// carteirod puts behind its POP3 listeners: plain with STLS, and implicit TLS.
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::pop3 {

struct ServiceContext;

class Pop3Service {
 public:
  Pop3Service(const Config& config, store::Store& store, auth::Authenticator& auth);
  ~Pop3Service();
  // Runs one session per connection; the service must outlive the listeners.
  net::SessionHandler handler();

 private:
  std::shared_ptr<ServiceContext> context_;
};

}  // namespace carteiro::pop3
