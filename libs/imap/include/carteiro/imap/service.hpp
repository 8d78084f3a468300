#pragma once
// The IMAP4rev1 service (RFC 3501 with IDLE, UIDPLUS, MOVE, NAMESPACE, ID, ENABLE,
// UNSELECT, SPECIAL-USE, LIST-EXTENDED, CHILDREN, LITERAL+, SASL-IR, STARTTLS): one
// session coroutine per connection on the shared store.
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::imap {

struct ServiceContext;

class ImapService {
 public:
  ImapService(const Config& config, store::Store& store, auth::Authenticator& auth);
  ~ImapService();
  ImapService(ImapService&&) noexcept = default;

  net::SessionHandler handler();

 private:
  std::shared_ptr<ServiceContext> context_;
};

}  // namespace carteiro::imap
