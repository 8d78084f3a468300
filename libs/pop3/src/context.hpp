#pragma once
// What every POP3 session of the daemon shares.
#include <memory>

#include "carteiro/auth/authenticator.hpp"
#include "carteiro/auth/session_limit.hpp"
#include "carteiro/common/config.hpp"
#include "carteiro/pop3/maildrop_lock.hpp"
#include "carteiro/store/store.hpp"

namespace carteiro::pop3 {

struct ServiceContext {
  const Config& config;
  store::Store& store;
  auth::Authenticator& auth;
  std::shared_ptr<MaildropLocks> locks = std::make_shared<MaildropLocks>();
  std::shared_ptr<auth::SessionLimit> sessions =
      std::make_shared<auth::SessionLimit>(config.pop3.max_sessions_per_account);
};

}  // namespace carteiro::pop3
