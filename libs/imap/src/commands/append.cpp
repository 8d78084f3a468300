// APPEND (RFC 3501 section 6.3.11) with APPENDUID (RFC 4315). The message literal was
// already bounded by the message size limit while it was read, into a spool; a message
// that does not fit the account's quota is refused whole (store/quotas.hpp).
#include <fmt/format.h>

#include "carteiro/imap/flags.hpp"
#include "carteiro/mime/imap_format.hpp"
#include "carteiro/store/content_parts.hpp"
#include "carteiro/store/messages.hpp"
#include "carteiro/store/quotas.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

asio::awaitable<Reply> on_append(Session& s, const Command& c) {
  const auto& a = c.args<AppendArguments>();
  auto flags = parse_flags(a.flags);
  if (flags.error) co_return bad(*flags.error);
  // The session attached the message it spooled (message_literal.cpp); the bytes stay
  // there (an mmap when large) until the store has them.
  std::string_view message = a.message ? a.message->content() : std::string_view();
  if (message.empty()) co_return no("An empty message cannot be appended");
  if (message.size() > s.config().smtp.max_message_size) co_return no("Message too large", "TOOBIG");

  // ENVELOPE, BODYSTRUCTURE and BODY are computed once, here, like at delivery.
  auto summary = mime::summarize(message);
  store::ContentMeta meta{summary.header_size, std::move(summary.envelope), std::move(summary.bodystructure),
                          std::move(summary.body)};
  auto account_id = s.account().id;
  struct Appended {
    std::int64_t uidvalidity = 0;
    std::int64_t uid = 0;
  };
  auto save = [account_id, &a, message, &flags, &meta](store::WriteTx& tx) -> std::optional<Appended> {
    auto mailbox = store::mailboxes::find(tx.db, account_id, a.mailbox);
    if (!mailbox || mailbox->noselect) return std::nullopt;
    // RFC 9208 section 4.3.1: NO [OVERQUOTA], and nothing stored (the throw drops the savepoint).
    store::quotas::require_room(tx.db, account_id, static_cast<std::int64_t>(message.size()), 1);
    auto content = store::contents::insert_parts(tx.db, {message}, meta);
    auto placed = store::messages::append(tx.db, mailbox->id, content, flags.flags.system,
                                          join_keywords(flags.flags.keywords), a.internaldate,
                                          a.internaldate_zone);
    tx.touch(mailbox->id);
    return Appended{mailbox->uidvalidity, placed.uid};
  };
  auto appended = co_await s.store().write(save);
  if (!appended) co_return no(fmt::format("Mailbox {} does not exist", a.mailbox), "TRYCREATE");
  co_return ok("APPEND completed", fmt::format("APPENDUID {} {}", appended->uidvalidity, appended->uid));
}

}  // namespace carteiro::imap::commands
