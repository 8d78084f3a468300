#include "carteiro/delivery/plan.hpp"

#include <set>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/content_meta.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/delivery/list_answer.hpp"
#include "carteiro/delivery/list_loop.hpp"
#include "carteiro/delivery/resolve.hpp"
#include "carteiro/store/content_parts.hpp"
#include "carteiro/store/events.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/quotas.hpp"

namespace carteiro::delivery {

namespace {

std::string_view why(ResolveStatus status) {
  switch (status) {
    case ResolveStatus::ok: return "ok";
    case ResolveStatus::unknown_user: return "unknown user";
    case ResolveStatus::loop: return "alias loop";
    case ResolveStatus::too_deep: return "alias expansion too deep";
    case ResolveStatus::not_member: return "members-only list";
  }
  return "unknown";
}

Undelivered unresolved(const std::string& recipient, std::string why) {
  Undelivered out;
  out.recipient = recipient;
  out.why = std::move(why);
  return out;
}

// Collects the copies of one message: one local copy and one remote copy per envelope
// sender/prefix ("group"): the direct recipients, then each list post.
class Planner {
 public:
  explicit Planner(store::Db& db) : db_(db) {}

  void add_group(const std::vector<Target>& targets, const std::string& sender, const std::string& list_prefix) {
    LocalCopy local{return_path_field(sender) + list_prefix, sender, {}};
    RemoteCopy remote{list_prefix, sender, {}};
    for (auto& t : targets) {
      if (t.local()) {
        if (placed_accounts_.insert(t.account_id).second)
          local.placements.push_back({store::mailboxes::inbox_id(db_, t.account_id), t.account_id, t.address});
      } else if (queued_.insert(to_lower(t.address) + "\n" + sender).second) {
        remote.recipients.push_back(t.address);
      }
    }
    if (!local.placements.empty()) plan.local.push_back(std::move(local));
    if (!remote.recipients.empty()) plan.remote.push_back(std::move(remote));
  }

  DeliveryPlan plan;

 private:
  store::Db& db_;
  std::set<std::int64_t> placed_accounts_;
  std::set<std::string> queued_;
};

}  // namespace

DeliveryPlan plan_delivery(store::Db& db, const Envelope& envelope, std::string_view message) {
  Planner planner(db);
  planner.plan.priority = envelope.priority;
  std::vector<Target> direct;
  std::vector<ListPost> posts;
  for (auto& recipient : envelope.recipients) {
    auto address = parse_address(recipient);
    if (!address) {
      planner.plan.failed.push_back(unresolved(recipient, "malformed address"));
      continue;
    }
    auto r = resolve(db, *address, envelope.sender);
    if (!r.ok()) {
      planner.plan.failed.push_back(unresolved(recipient, std::string(why(r.status)) + ": " + r.detail));
      continue;
    }
    direct.insert(direct.end(), r.direct.begin(), r.direct.end());
    for (auto& list : r.requests)
      if (auto request = plan_list_request(list, envelope, message)) planner.plan.requests.push_back(std::move(*request));
    for (auto& post : r.lists) {
      bool seen = false;
      for (auto& p : posts) seen = seen || iequals(p.list, post.list);
      if (!seen) posts.push_back(std::move(post));
    }
  }
  // Direct recipients first, so a member who was also addressed directly keeps that copy.
  planner.add_group(direct, envelope.sender, "");
  for (auto& post : posts) {
    // A post that already went through this list is dropped and logged, not refused: the
    // SMTP client is a member's server forwarding it, and a bounce would go to the list's
    // bounce address or its author, starting the loop again. Mailman does the same with
    // a post carrying its own X-BeenThere.
    if (came_through_list(message, post.list)) {
      log::info("{}: came back to the list {} (its List-Id or X-Loop): not sent to its members again", envelope.id,
                post.list);
      continue;
    }
    planner.add_group(post.members, list_bounce_address(post.list), list_fields(post.list));
  }
  return std::move(planner.plan);
}

namespace {

// Each content is written in pieces (copy prefix, message prefix, body) straight from
// where they are (content_parts.hpp): a message of tens of MiB is never joined in memory.
std::int64_t insert_copy(store::Db& db, const std::string& copy_prefix, const Message& message,
                         const store::ContentMeta& meta) {
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

}  // namespace

Delivered store_copies(store::WriteTx& tx, const DeliveryPlan& plan, const Message& message,
                       const store::ContentMeta& meta) {
  Delivered out;
  out.failed = plan.failed;
  for (auto& copy : plan.local) {
    auto placements = with_room(tx.db, copy, out.failed);
    if (placements.empty()) continue;  // no content without a reference to it
    auto content = insert_copy(tx.db, copy.prefix, message, meta);
    for (const auto& p : placements) {
      store::messages::append(tx.db, p.mailbox, content);
      tx.touch(p.mailbox);
      ++out.local;
    }
  }
  for (auto& copy : plan.remote) {
    auto content = insert_copy(tx.db, copy.prefix, message, meta);
    store::queue::enqueue(tx.db, content, copy.sender, copy.recipients, std::nullopt, plan.priority);
    out.remote += copy.recipients.size();
  }
  if (!plan.remote.empty()) tx.touch(store::Events::kQueue);
  for (const auto& request : plan.requests) answer_list_request(tx, request, unix_now());
  return out;
}

}  // namespace carteiro::delivery
