// Mailbox management (RFC 3501 sections 6.3.3-6.3.7): CREATE, DELETE, RENAME (including
// RENAME INBOX, which moves INBOX's messages and leaves it empty), SUBSCRIBE, UNSUBSCRIBE.
#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "carteiro/imap/mailbox_name.hpp"
#include "carteiro/store/imap_queries.hpp"
#include "carteiro/store/messages.hpp"
#include "commands/commands.hpp"

namespace carteiro::imap::commands {

namespace {

constexpr std::size_t kMaxMailboxes = 1000;  // per account

enum class Outcome { done, exists, missing, has_children, too_many };

// Creates the missing superior names of NAME ("a/b/c": "a" and "a/b"), as section 6.3.3
// recommends for CREATE (and RENAME's new name).
void create_parents(store::Db& db, std::int64_t account_id, std::string_view name) {
  for (auto pos = name.find(kDelimiter); pos != std::string_view::npos; pos = name.find(kDelimiter, pos + 1)) {
    auto parent = name.substr(0, pos);
    if (!store::mailboxes::find(db, account_id, parent)) store::mailboxes::create(db, account_id, parent);
  }
}

// Returns false if NAME exists (a \Noselect name is created again, section 6.3.4).
bool create_with_parents(store::Db& db, std::int64_t account_id, std::string_view name) {
  auto existing = store::mailboxes::find(db, account_id, name);
  if (existing && !existing->noselect) return false;
  create_parents(db, account_id, name);
  store::mailboxes::create(db, account_id, name);
  return true;
}

bool too_many(store::Db& db, std::int64_t account_id) {
  return store::mailboxes::list(db, account_id).size() >= kMaxMailboxes;
}

// The name a client may create: a trailing delimiter only declares that children will
// follow (section 6.3.3); INBOX always exists.
std::optional<Reply> check_new_name(std::string_view name) {
  if (iequals(name, "INBOX")) return no("INBOX already exists", "ALREADYEXISTS");
  if (auto why = invalid_mailbox_name(name)) return no(fmt::format("Invalid mailbox name: {}", *why), "CANNOT");
  return std::nullopt;
}

std::string strip_trailing_delimiter(std::string name) {
  while (name.size() > 1 && name.back() == kDelimiter) name.pop_back();
  return name;
}

Reply outcome_reply(Outcome outcome, std::string_view name, std::string_view done_text) {
  switch (outcome) {
    case Outcome::done: return ok(std::string(done_text));
    case Outcome::exists: return no(fmt::format("Mailbox {} already exists", name), "ALREADYEXISTS");
    case Outcome::missing: return no(fmt::format("Mailbox {} does not exist", name), "NONEXISTENT");
    case Outcome::has_children:
      return no(fmt::format("Name {} has inferior hierarchical names", name), "INUSE");
    case Outcome::too_many: return no(fmt::format("Too many mailboxes (limit {})", kMaxMailboxes), "LIMIT");
  }
  return no("?");
}

asio::awaitable<Reply> set_subscription(Session& s, const Command& c, bool subscribed) {
  const auto& name = c.args<MailboxArguments>().mailbox;
  auto account_id = s.account().id;
  auto change = [account_id, &name, subscribed](store::WriteTx& tx) {
    auto mailbox = store::mailboxes::find(tx.db, account_id, name);
    if (!mailbox) return Outcome::missing;
    store::imap::set_subscribed(tx.db, mailbox->id, subscribed);
    return Outcome::done;
  };
  auto outcome = co_await s.store().write(change);
  co_return outcome_reply(outcome, name, subscribed ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed");
}

}  // namespace

asio::awaitable<Reply> on_create(Session& s, const Command& c) {
  auto name = strip_trailing_delimiter(c.args<MailboxArguments>().mailbox);
  if (auto refusal = check_new_name(name)) co_return *refusal;
  auto account_id = s.account().id;
  auto make = [account_id, &name](store::WriteTx& tx) {
    if (too_many(tx.db, account_id)) return Outcome::too_many;
    return create_with_parents(tx.db, account_id, name) ? Outcome::done : Outcome::exists;
  };
  auto outcome = co_await s.store().write(make);
  co_return outcome_reply(outcome, name, "CREATE completed");
}

asio::awaitable<Reply> on_delete(Session& s, const Command& c) {
  const auto& name = c.args<MailboxArguments>().mailbox;
  if (name == "INBOX") co_return no("INBOX cannot be deleted", "CANNOT");
  auto account_id = s.account().id;
  std::int64_t deleted_id = 0;
  auto remove = [account_id, &name, &deleted_id](store::WriteTx& tx) {
    auto mailbox = store::mailboxes::find(tx.db, account_id, name);
    if (!mailbox) return Outcome::missing;
    // Section 6.3.4: a mailbox with inferior names loses its messages and keeps its name
    // as \Noselect; a \Noselect name goes only once it has no inferiors.
    bool has_children = store::imap::has_children(tx.db, account_id, mailbox->name);
    if (has_children && mailbox->noselect) return Outcome::has_children;
    store::imap::delete_mailbox(tx.db, mailbox->id, has_children);
    tx.touch(mailbox->id);  // sessions that have it selected learn it is gone
    deleted_id = mailbox->id;
    return Outcome::done;
  };
  auto outcome = co_await s.store().write(remove);
  if (outcome == Outcome::done && s.is_selected(deleted_id)) s.deselect();
  co_return outcome_reply(outcome, name, "DELETE completed");
}

asio::awaitable<Reply> on_rename(Session& s, const Command& c) {
  const auto& a = c.args<RenameArguments>();
  auto to = strip_trailing_delimiter(a.to);
  if (auto refusal = check_new_name(to)) co_return *refusal;
  if (to.rfind(a.from + kDelimiter, 0) == 0) co_return no("A mailbox cannot be renamed under itself", "CANNOT");
  auto account_id = s.account().id;
  const auto& from = a.from;

  if (from == "INBOX") {
    // Section 6.3.5: renaming INBOX moves its messages to the new name; INBOX stays, empty.
    auto move_inbox = [account_id, &to](store::WriteTx& tx) {
      if (too_many(tx.db, account_id)) return Outcome::too_many;
      if (!create_with_parents(tx.db, account_id, to)) return Outcome::exists;
      auto inbox = store::mailboxes::inbox_id(tx.db, account_id);
      auto target = store::mailboxes::find(tx.db, account_id, to)->id;
      std::vector<std::int64_t> moved;
      for (const auto& m : store::messages::list(tx.db, inbox)) {
        store::messages::append(tx.db, target, m.content_id, m.flags, m.keywords, m.internaldate,
                                m.internaldate_zone);
        moved.push_back(m.uid);
      }
      store::messages::expunge(tx.db, inbox, moved);
      tx.touch(inbox);
      tx.touch(target);
      return Outcome::done;
    };
    auto outcome = co_await s.store().write(move_inbox);
    co_return outcome_reply(outcome, to, "RENAME completed");
  }

  auto rename_tree = [account_id, &from, &to](store::WriteTx& tx) {
    auto source = store::mailboxes::find(tx.db, account_id, from);
    if (!source) return Outcome::missing;
    if (store::mailboxes::find(tx.db, account_id, to)) return Outcome::exists;
    create_parents(tx.db, account_id, to);
    store::imap::rename_mailbox(tx.db, account_id, from, to);
    return Outcome::done;
  };
  auto outcome = co_await s.store().write(rename_tree);
  co_return outcome_reply(outcome, outcome == Outcome::missing ? from : to, "RENAME completed");
}

asio::awaitable<Reply> on_subscribe(Session& s, const Command& c) { co_return co_await set_subscription(s, c, true); }

asio::awaitable<Reply> on_unsubscribe(Session& s, const Command& c) { co_return co_await set_subscription(s, c, false); }

}  // namespace carteiro::imap::commands
