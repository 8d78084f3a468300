// The QUOTA extension (RFC 9208): GETQUOTAROOT, GETQUOTA and SETQUOTA. One quota root per
// account (imap/quota.hpp); limits are the administrator's (carteiro account quota), so
// SETQUOTA is refused, and the QUOTASET capability is not advertised.
#include <fmt/format.h>

#include "carteiro/imap/quota.hpp"
#include "carteiro/imap/response.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/quotas.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {
asio::awaitable<std::optional<store::AccountQuota>> account_quota(Session& s) {
  auto account_id = s.account().id;
  auto query = [account_id](store::Db& db) { return store::quotas::of_account(db, account_id); };
  co_return co_await s.store().read(query);
}
}  // namespace

// Section 4.1.2: the mailbox's quota roots, and the QUOTA response of each.
asio::awaitable<Reply> on_getquotaroot(Session& s, const Command& c) {
  const auto& name = c.args<MailboxArguments>().mailbox;
  auto account_id = s.account().id;
  auto find = [account_id, &name](store::Db& db) { return store::mailboxes::find(db, account_id, name); };
  auto mailbox = co_await s.store().read(find);
  if (!mailbox) co_return no(fmt::format("Mailbox {} does not exist", name), "NONEXISTENT");
  auto quota = co_await account_quota(s);
  auto resources = quota ? quota_list(*quota) : std::nullopt;
  if (!resources) {
    s.untagged(fmt::format("QUOTAROOT {}", imap_string(mailbox->name)));
    co_return ok("GETQUOTAROOT completed");
  }
  s.untagged(fmt::format("QUOTAROOT {} {}", imap_string(mailbox->name), imap_string(kQuotaRoot)));
  s.untagged(quota_response(*quota));
  co_return ok("GETQUOTAROOT completed");
}

// Section 4.1.1.
asio::awaitable<Reply> on_getquota(Session& s, const Command& c) {
  const auto& root = c.args<QuotaRootArguments>().root;
  auto quota = co_await account_quota(s);
  if (root != kQuotaRoot || !quota || !quota_list(*quota))
    co_return no(fmt::format("No quota root {}", imap_string(root)), "NONEXISTENT");
  s.untagged(quota_response(*quota));
  co_return ok("GETQUOTA completed");
}

// Section 4.1.3: NO when the user may not change the limits (RFC 5530 NOPERM).
asio::awaitable<Reply> on_setquota(Session&, const Command&) {
  co_return no("Quotas are set by the administrator", "NOPERM");
}

}  // namespace carteiro::imap::commands
