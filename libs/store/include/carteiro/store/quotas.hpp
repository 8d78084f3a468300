#pragma once
// Storage quotas: per account, with a default per domain (an account without its own
// limit has its domain's; neither: unlimited), in octets and in messages. Usage is kept by
// triggers on the messages table (schema/0009_quota.sql), so reading it costs one row.
//
// What "fits" means is decided here once for every protocol:
//   - full(): usage has reached a limit. Nothing more is taken for SMTP (452 4.2.2 at RCPT).
//   - fits(): usage plus the new messages stays within every limit (IMAP APPEND, COPY,
//     MOVE, which answer NO [OVERQUOTA] otherwise, RFC 9208 section 4.3).
//   - never_fits(): the message alone is larger than the storage limit, so no clean-up
//     will ever make room (SMTP 552 5.2.2 at RCPT with SIZE=, RFC 1870 section 6.1).
// Local delivery of a message accepted at RCPT takes the message as long as the mailbox
// is not full(), even if that message takes it over the limit: a soft limit like
// Dovecot's quota_grace, at most one message (at most [smtp] max_message_size) over.
#include <cstdint>
#include <optional>
#include <string_view>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct QuotaLimits {
  std::optional<std::int64_t> storage;   // octets; nullopt: no limit
  std::optional<std::int64_t> messages;  // nullopt: no limit
};

struct QuotaUsage {
  std::int64_t storage = 0;   // octets, each mailbox's copy counted
  std::int64_t messages = 0;
};

struct AccountQuota {
  QuotaUsage used;
  QuotaLimits limits;  // in force: the account's own, else its domain's
  QuotaLimits own;     // set on the account
  QuotaLimits domain;  // its domain's default
  bool limited() const { return limits.storage || limits.messages; }
  bool full() const;
  bool fits(std::int64_t octets, std::int64_t messages = 1) const;
  bool never_fits(std::int64_t octets) const;
};

enum class QuotaResource { storage, messages };

// An IMAP APPEND, COPY or MOVE that the quota does not allow (thrown inside the write,
// so the savepoint drops whatever the request had stored).
class QuotaExceeded : public UserError {
 public:
  using UserError::UserError;
};

namespace quotas {
std::optional<AccountQuota> of_account(Db& db, std::int64_t account_id);
// UserError: unknown account or domain. LIMIT nullopt removes the limit (an account then
// has its domain's again).
void set_account_limit(Db& db, std::string_view address, QuotaResource resource, std::optional<std::int64_t> limit);
void set_domain_limit(Db& db, std::string_view domain, QuotaResource resource, std::optional<std::int64_t> limit);
QuotaLimits domain_limits(Db& db, std::string_view domain);  // UserError: unknown domain
// Throws QuotaExceeded unless OCTETS in MESSAGES more messages fit the account's quota.
void require_room(Db& db, std::int64_t account_id, std::int64_t octets, std::int64_t messages);
}  // namespace quotas

}  // namespace carteiro::store
