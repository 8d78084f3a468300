#pragma once
// What every POP3 session of the daemon shares.
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/pop3/maildrop_lock.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::pop3 {

struct ServiceContext {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  std::shared_ptr<MaildropLocks> locks = std::make_shared<MaildropLocks>();
};

}  // namespace carteiro::pop3
