#pragma once
// The SMTP server: the MX listener (mail for our domains) and submission (mail from our
// users, after AUTH). The daemon gives each handler to its listeners.
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/delivery/deliver.hpp"
#include "carteiro/net/server.hpp"
#include "carteiro/smtp/sending_rate.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::smtp {

enum class ListenerKind;  // session.hpp
class SenderChecks;       // sender_checks.hpp

class SmtpService {
 public:
  // Throws std::runtime_error when the MX's sender checks cannot be set up ([dns] servers,
  // the Public Suffix List).
  SmtpService(const Config& config, store::Store& store, auth::Authenticator& auth, delivery::Deliverer& deliverer);
  ~SmtpService();
  net::SessionHandler mx_handler();
  net::SessionHandler submission_handler();

 private:
  net::SessionHandler handler(ListenerKind kind);

  const Config& config_;
  store::Store& store_;
  auth::Authenticator& auth_;
  delivery::Deliverer& deliverer_;
  SendingRate sending_rate_;
  std::unique_ptr<SenderChecks> sender_checks_;  // null: [smtp] sender_checks = false
};

}  // namespace carteiro::smtp
