#pragma once
// The ManageSieve service (RFC 5804): users upload, check, list, activate, download and
// delete their Sieve scripts (RFC 5228), the ones delivery runs. One plain listener kind
// with STARTTLS (RFC 5804 has no implicit-TLS port).
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::managesieve {

struct ServiceContext;

class ManageSieveService {
 public:
  ManageSieveService(const Config& config, store::Store& store, auth::Authenticator& auth);
  ~ManageSieveService();
  // Runs one session per connection; the service must outlive the listeners.
  net::SessionHandler handler();

 private:
  std::shared_ptr<ServiceContext> context_;
};

}  // namespace carteiro::managesieve
