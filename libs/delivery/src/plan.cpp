#include "carteiro/delivery/plan.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/dsn.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/delivery/list_answer.hpp"
#include "carteiro/delivery/list_loop.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/delivery/message_id.hpp"
#include "carteiro/delivery/script_cache.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/store/content_parts.hpp"
#include "carteiro/store/events.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/quotas.hpp"
#include "carteiro/store/sieve_memory.hpp"
#include "planner.hpp"

namespace carteiro::delivery {

namespace {

std::string_view why(ResolveStatus status) {
  switch (status) {
    case ResolveStatus::ok: return "ok";
    case ResolveStatus::unknown_user: return "unknown user";
    case ResolveStatus::loop: return "alias loop";
    case ResolveStatus::too_deep: return "alias expansion too deep";
    case ResolveStatus::not_member: return "members-only list";
    case ResolveStatus::bad_srs: return "invalid SRS address";
  }
  return "unknown";
}

Undelivered unresolved(const std::string& recipient, std::string why) {
  Undelivered out;
  out.recipient = recipient;
  out.why = std::move(why);
  return out;
}

std::vector<Addressed> addressed(const std::vector<Target>& targets, const std::string& recipient) {
  std::vector<Addressed> out;
  for (const auto& t : targets) out.push_back({t, recipient});
  return out;
}

}  // namespace

std::string_view Source::text() const {
  if (own_) return own_->data;
  if (list_prefix_.empty()) return message_->body;
  if (!joined_) joined_ = std::make_shared<std::string>(list_prefix_ + std::string(message_->body));
  return *joined_;
}

std::string Source::stored_text() const {
  if (own_) return own_->data;
  return list_prefix_ + message_->prefix + std::string(message_->body);
}

std::string Source::stored_with_header(std::string_view header) const {
  auto text = this->text();
  auto body = text.substr(mime::header_block(text).size());
  return (own_ ? std::string() : message_->prefix) + std::string(header) + std::string(body);
}

Placement inbox_placement(store::Db& db, const Target& t) {
  return Placement{store::mailboxes::inbox_id(db, t.account_id), t.account_id, t.address, {}, 0, {}};
}

// The account's junk folder: the mailbox marked \Junk (RFC 6154), else one named Junk;
// an account without either gets the message in INBOX.
Placement junk_placement(store::Db& db, const Target& t) {
  auto mailboxes = store::mailboxes::list(db, t.account_id);
  auto junk = std::find_if(mailboxes.begin(), mailboxes.end(), [](const store::Mailbox& m) {
    return !m.noselect && m.special_use && iequals(*m.special_use, "\\Junk");
  });
  if (junk == mailboxes.end())
    junk = std::find_if(mailboxes.begin(), mailboxes.end(),
                        [](const store::Mailbox& m) { return !m.noselect && m.name == "Junk"; });
  if (junk == mailboxes.end()) {
    log::warn("delivery: {}: no Junk mailbox; a quarantined message goes to INBOX", t.address);
    return inbox_placement(db, t);
  }
  return Placement{junk->id, t.account_id, t.address, {}, 0, {}};
}

Planner::Planner(store::Db& db, const Message& message, const PlanContext& context, std::string auth, bool quarantine)
    : db_(db), message_(message), context_(context), auth_(std::move(auth)), quarantine_(quarantine),
      now_(context.now != 0 ? context.now : unix_now()) {
  plan.now = now_;
}

void Planner::add_group(const std::vector<Addressed>& targets, const std::string& sender, const Source& source,
                        int depth, Seen& seen) {
  const std::string& list_prefix = source.list_prefix();
  LocalCopy local{return_path_field(sender) + list_prefix, sender, {}, source.own(), std::nullopt};
  RemoteCopy remote{list_prefix, sender, {}, source.own(), std::nullopt};
  for (const auto& a : targets) {
    const Target& t = a.target;
    if (t.local()) {
      if (!seen.accounts.insert(t.account_id).second) continue;
      auto script = context_.scripts ? context_.scripts->active(db_, t.account_id) : nullptr;
      if (script)
        filter(a, *script, sender, source, local, depth);
      else
        local.placements.push_back(keep_placement(t, source));
    } else if (seen.remote.insert(to_lower(t.address) + "\n" + sender).second) {
      remote.recipients.push_back(t.address);
    }
  }
  if (!local.placements.empty()) plan.local.push_back(std::move(local));
  if (!remote.recipients.empty()) plan.remote.push_back(std::move(remote));
}

void Planner::send(const std::vector<std::string>& recipients, const std::string& sender,
                   std::shared_ptr<const OwnContent> content, int depth, const VacationMemory* guard) {
  if (depth > kMaxAliasDepth) {
    log::warn("delivery: mail to {} dropped: caused by {} deliveries in a row", fmt::join(recipients, ", "), depth);
    return;
  }
  std::vector<Addressed> targets;
  for (const auto& r : recipients) {
    auto address = parse_address(r);
    auto resolution = address ? resolve(db_, *address, sender, context_.srs, now_) : Resolution{};
    if (!address || !resolution.ok()) {
      log::warn("delivery: mail from <{}> to <{}> not sent: {}", sender, r,
                address ? std::string(why(resolution.status)) : "malformed address");
      continue;
    }
    auto more = addressed(resolution.direct, r);
    targets.insert(targets.end(), more.begin(), more.end());
    for (const auto& post : resolution.lists) {
      auto members = addressed(post.members, r);
      targets.insert(targets.end(), members.begin(), members.end());
    }
  }
  Seen seen;
  auto first_local = plan.local.size(), first_remote = plan.remote.size();
  add_group(targets, sender, Source(std::move(content)), depth, seen);
  if (!guard) return;
  for (auto i = first_local; i < plan.local.size(); ++i) plan.local[i].unless_answered = *guard;
  for (auto i = first_remote; i < plan.remote.size(); ++i) plan.remote[i].unless_answered = *guard;
}

Placement Planner::keep_placement(const Target& t, const Source& source) const {
  // Mail the server writes or passes on (its own content) was not what DMARC judged.
  if (quarantine_ && !source.own()) return junk_placement(db_, t);
  return inbox_placement(db_, t);
}

std::shared_ptr<const OwnContent> Planner::own_content(std::string data) const {
  auto meta = content_meta(data);
  return std::make_shared<const OwnContent>(OwnContent{std::move(data), std::move(meta)});
}

std::string Planner::new_message_id() const {
  return "<" + make_message_id() + "@" + (context_.hostname.empty() ? "localhost" : context_.hostname) + ">";
}

void Planner::add_rejection_notices() {
  if (plan.rejected.empty() || plan.all_rejected()) return;
  std::map<std::string, std::vector<Rejection>> by_sender;
  for (const auto& r : plan.rejected)
    if (!r.notify.empty()) by_sender[r.notify].push_back(r);  // a bounce is never answered
  for (const auto& [to, rejections] : by_sender) {
    DsnInput in;
    in.reporting_mta = context_.hostname;
    in.sender = to;
    in.message_id = new_message_id();
    in.arrival_date = now_;
    in.date = now_;
    in.original_headers = message_.prefix + std::string(header_section(message_.body));
    for (const auto& r : rejections)
      in.recipients.push_back(DsnRecipient{r.recipient, "5.7.1", "", "rejected by the recipient's mail rules: " + r.reason, false});
    send({to}, "", own_content(make_dsn(in)), 1);
  }
}

DeliveryPlan plan_delivery(store::Db& db, const Envelope& envelope, const Message& message,
                           const PlanContext& context) {
  Planner planner(db, message, context, envelope.auth, envelope.quarantine);
  planner.plan.priority = envelope.priority;
  std::vector<Addressed> direct;
  std::vector<std::pair<ListPost, std::string>> posts;  // each with the recipient that reached it
  for (auto& recipient : envelope.recipients) {
    auto address = parse_address(recipient);
    if (!address) {
      planner.plan.failed.push_back(unresolved(recipient, "malformed address"));
      continue;
    }
    auto r = resolve(db, *address, envelope.sender, context.srs, planner.now());
    if (!r.ok()) {
      planner.plan.failed.push_back(unresolved(recipient, std::string(why(r.status)) + ": " + r.detail));
      continue;
    }
    auto more = addressed(r.direct, recipient);
    direct.insert(direct.end(), more.begin(), more.end());
    for (auto& list : r.requests)
      if (auto request = plan_list_request(list, envelope, message.body)) planner.plan.requests.push_back(std::move(*request));
    for (auto& post : r.lists) {
      bool seen = false;
      for (auto& p : posts) seen = seen || iequals(p.first.list, post.list);
      if (!seen) posts.emplace_back(std::move(post), recipient);
    }
  }
  // Direct recipients first, so a member who was also addressed directly keeps that copy.
  planner.add_group(direct, envelope.sender, Source(message, ""), 0, planner.top);
  for (auto& [post, recipient] : posts) {
    // A post that already went through this list is dropped and logged, not refused: the
    // SMTP client is a member's server forwarding it, and a bounce would go to the list's
    // bounce address or its author, starting the loop again. Mailman does the same with
    // a post carrying its own X-BeenThere.
    if (came_through_list(message.body, post.list)) {
      log::info("{}: came back to the list {} (its List-Id or X-Loop): not sent to its members again", envelope.id,
                post.list);
      continue;
    }
    planner.add_group(addressed(post.members, recipient), list_bounce_address(post.list),
                      Source(message, list_fields(post.list)), 0, planner.top);
  }
  planner.add_rejection_notices();
  return std::move(planner.plan);
}

namespace {

// Each content is written in pieces (copy prefix, message prefix, body) straight from
// where they are (content_parts.hpp): a message of tens of MiB is never joined in memory.
std::int64_t insert_copy(store::Db& db, const std::string& copy_prefix, const std::shared_ptr<const OwnContent>& own,
                         const Message& message, const store::ContentMeta& meta) {
  if (own) return store::contents::insert_parts(db, {copy_prefix, own->data}, with_prefix(own->meta, copy_prefix.size()));
  return store::contents::insert_parts(db, {copy_prefix, message.prefix, message.body},
                                       with_prefix(meta, copy_prefix.size()));
}

// The placements of COPY whose account is not full; the others are added to FAILED.
std::vector<Placement> with_room(store::Db& db, const LocalCopy& copy, std::vector<Undelivered>& failed) {
  std::vector<Placement> out;
  for (const auto& p : copy.placements) {
    auto quota = store::quotas::of_account(db, p.account_id);
    if (quota && quota->full())
      failed.push_back({p.address, "mailbox full (over quota)", kMailboxFullStatus, copy.sender});
    else
      out.push_back(p);
  }
  return out;
}

// A mailbox a script files into with :create (RFC 5490 section 3.2), made with its
// missing parents as IMAP CREATE makes them; it may exist by now (an earlier copy in this
// write, a client's CREATE since the plan was read).
std::int64_t mailbox_for(store::Db& db, const Placement& p) {
  if (p.mailbox != 0) return p.mailbox;
  if (auto existing = store::mailboxes::find(db, p.account_id, p.mailbox_name); existing && !existing->noselect)
    return existing->id;
  const std::string& name = p.mailbox_name;
  for (auto slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1))
    if (!store::mailboxes::find(db, p.account_id, name.substr(0, slash)))
      store::mailboxes::create(db, p.account_id, name.substr(0, slash));
  log::info("delivery: {}: mailbox \"{}\" created by the account's mail rules", p.address, name);
  return store::mailboxes::create(db, p.account_id, name).id;
}

// Planned on a read connection, checked again in the write: two messages from one sender
// delivered at once must not both be answered.
template <typename Copy>
bool answered_meanwhile(store::Db& db, const Copy& copy, std::int64_t now) {
  const auto& v = copy.unless_answered;
  return v && store::sieve_memory::vacation_answered(db, v->account_id, v->handle, v->sender, now);
}

void remember(store::Db& db, const DeliveryPlan& plan, std::int64_t now) {
  for (const auto& v : plan.vacations) store::sieve_memory::remember_vacation(db, v.account_id, v.handle, v.sender, v.expires);
  for (const auto& d : plan.duplicates) store::sieve_memory::remember_duplicate(db, d.account_id, d.key, d.expires);
  if (!plan.vacations.empty() || !plan.duplicates.empty()) store::sieve_memory::prune(db, now);
}

}  // namespace

Delivered store_copies(store::WriteTx& tx, const DeliveryPlan& plan, const Message& message,
                       const store::ContentMeta& meta) {
  Delivered out;
  out.failed = plan.failed;
  for (auto& copy : plan.local) {
    if (answered_meanwhile(tx.db, copy, plan.now)) continue;
    auto placements = with_room(tx.db, copy, out.failed);
    if (placements.empty()) continue;  // no content without a reference to it
    auto content = insert_copy(tx.db, copy.prefix, copy.content, message, meta);
    for (const auto& p : placements) {
      auto mailbox = mailbox_for(tx.db, p);
      store::messages::append(tx.db, mailbox, content, p.flags, p.keywords);
      tx.touch(mailbox);
      ++out.local;
    }
  }
  for (auto& copy : plan.remote) {
    if (answered_meanwhile(tx.db, copy, plan.now)) continue;
    auto content = insert_copy(tx.db, copy.prefix, copy.content, message, meta);
    store::queue::enqueue(tx.db, content, copy.sender, copy.recipients, std::nullopt, plan.priority);
    out.remote += copy.recipients.size();
  }
  if (out.remote != 0) tx.touch(store::Events::kQueue);
  remember(tx.db, plan, plan.now);
  for (const auto& request : plan.requests) answer_list_request(tx, request, plan.now);
  return out;
}

}  // namespace carteiro::delivery
