// Running an account's Sieve script at delivery and carrying out what it returns
// (RFC 5228 section 4 and the extensions' actions). The script runs on the plan's read
// connection; every write its actions need is planned here and done by store_copies.
#include <algorithm>
#include <map>
#include <variant>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/delivery/headers.hpp"
#include "carteiro/delivery/mailbox_name.hpp"
#include "carteiro/delivery/srs.hpp"
#include "carteiro/delivery/vacation.hpp"
#include "carteiro/mime/header.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/mailboxes.hpp"
#include "carteiro/store/sieve_memory.hpp"
#include "planner.hpp"

namespace carteiro::delivery {

namespace {

// What a script asks of the store while it runs.
class StoreEnvironment : public sieve::Environment {
 public:
  StoreEnvironment(store::Db& db, std::int64_t account_id, std::int64_t now, const DeliveryPlan& plan)
      : db_(db), account_id_(account_id), now_(now), plan_(plan) {}

  bool mailbox_exists(std::string_view name) override {
    auto stored = stored_mailbox_name(name);
    if (!stored) return false;
    auto mailbox = store::mailboxes::find(db_, account_id_, *stored);
    return mailbox && !mailbox->noselect;
  }

  // Recorded before, or earlier in this delivery (the same message through two aliases).
  bool duplicate_seen(std::string_view key) override {
    bool planned = std::any_of(plan_.duplicates.begin(), plan_.duplicates.end(), [&](const DuplicateMemory& d) {
      return d.account_id == account_id_ && d.key == key && d.expires > now_;
    });
    return planned || store::sieve_memory::duplicate_seen(db_, account_id_, key, now_);
  }

 private:
  store::Db& db_;
  std::int64_t account_id_;
  std::int64_t now_;
  const DeliveryPlan& plan_;
};

// RFC 5232 flags: system flags as bits, the rest as keywords (atoms only: the store keeps
// keywords separated by spaces). \Recent is the server's to set.
void set_flags(Placement& p, const std::vector<std::string>& flags) {
  static constexpr std::pair<std::string_view, std::uint32_t> kSystem[] = {
      {"\\Seen", store::kSeen}, {"\\Answered", store::kAnswered}, {"\\Flagged", store::kFlagged},
      {"\\Deleted", store::kDeleted}, {"\\Draft", store::kDraft}};
  for (const auto& f : flags) {
    auto system = std::find_if(std::begin(kSystem), std::end(kSystem), [&](const auto& s) { return iequals(s.first, f); });
    if (system != std::end(kSystem)) {
      p.flags |= system->second;
      continue;
    }
    bool atom = !f.empty() && f.front() != '\\' && std::none_of(f.begin(), f.end(), [](char c) {
      return static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7F ||
             std::string_view("(){%*\"\\]").find(c) != std::string_view::npos;
    });
    bool present = false;
    for (auto k : split(p.keywords, ' ')) present = present || iequals(k, f);
    if (atom && !present) p.keywords += (p.keywords.empty() ? "" : " ") + f;
  }
}

// The message has been through this account already (RFC 9228 Delivered-To, or an X-Loop
// naming it or us): redirecting it again would send it round in a loop.
bool been_here(std::string_view header, std::string_view account, std::string_view hostname) {
  mime::FieldReader reader(header);
  mime::RawField field;
  while (reader.next(field)) {
    std::string unfolded = mime::unfold(field.value);
    std::string_view value = trim(unfolded);
    if (!value.empty() && value.front() == '<' && value.back() == '>') value = value.substr(1, value.size() - 2);
    if (iequals(field.name, "Delivered-To") && iequals(value, account)) return true;
    if (iequals(field.name, "X-Loop") && (iequals(value, account) || (!hostname.empty() && iequals(value, hostname))))
      return true;
  }
  return false;
}

std::string domain_of(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : to_lower(address.substr(at + 1));
}

// One account's copies from one run, a mailbox at most once (flags merged).
class Placements {
 public:
  void add(Placement p, const std::vector<std::string>& flags) {
    auto it = std::find_if(list_.begin(), list_.end(), [&](const Placement& q) {
      return q.mailbox == p.mailbox && q.mailbox_name == p.mailbox_name;
    });
    if (it == list_.end()) it = list_.insert(list_.end(), std::move(p));
    set_flags(*it, flags);
  }
  bool has_inbox(std::int64_t inbox) const {
    return std::any_of(list_.begin(), list_.end(), [&](const Placement& p) { return p.mailbox == inbox; });
  }
  std::vector<Placement>& list() { return list_; }

 private:
  std::vector<Placement> list_;
};

}  // namespace

void Planner::filter(const Addressed& a, const sieve::Script& script, const std::string& sender, const Source& source,
                     LocalCopy& unchanged, int depth) {
  const Target& t = a.target;
  StoreEnvironment environment(db_, t.account_id, now_, plan);
  sieve::MessageInput input;
  input.message = source.text();
  input.envelope_from = sender;
  input.envelope_to = a.recipient;
  input.account_address = t.address;
  input.auth = depth == 0 ? auth_ : std::string();  // mail the server writes or passes on has no submitter
  input.now = now_;
  auto result = sieve::run(script, input, environment, context_.limits);
  if (result.error) log::warn("sieve: {}: run-time error, message kept: {}", t.address, *result.error);

  auto header = mime::header_block(source.text());
  std::shared_ptr<const OwnContent> edited;
  if (result.edited_header && *result.edited_header != header)
    edited = own_content(source.stored_with_header(*result.edited_header));
  std::string_view seen_header = edited ? std::string_view(*result.edited_header) : header;

  Placement inbox = keep_placement(t, source);  // the keep's mailbox: INBOX, or Junk when quarantined
  Placements placements;
  std::size_t redirects = 0;
  for (const auto& action : result.actions) {
    if (const auto* keep = std::get_if<sieve::Keep>(&action)) {
      placements.add(inbox, keep->flags);
    } else if (const auto* into = std::get_if<sieve::FileInto>(&action)) {
      auto name = stored_mailbox_name(into->mailbox);
      auto mailbox = name ? store::mailboxes::find(db_, t.account_id, *name) : std::nullopt;
      if (mailbox && !mailbox->noselect) {
        placements.add(Placement{mailbox->id, t.account_id, t.address, *name, 0, {}}, into->flags);
      } else if (name && into->create) {
        placements.add(Placement{0, t.account_id, t.address, *name, 0, {}}, into->flags);
      } else {
        // RFC 5228 section 2.10.6: an action that cannot be done falls back to keep.
        log::warn("sieve: {}: fileinto \"{}\": no such mailbox, kept in INBOX", t.address, printable(into->mailbox));
        placements.add(inbox, into->flags);
      }
    } else if (const auto* r = std::get_if<sieve::Redirect>(&action)) {
      if (++redirects > context_.limits.max_redirects) {
        log::warn("sieve: {}: redirect to <{}> dropped: more than {} redirects", t.address, r->address,
                  context_.limits.max_redirects);
      } else if (been_here(seen_header, t.address, context_.hostname) || depth >= kMaxAliasDepth) {
        log::warn("sieve: {}: not redirected to <{}>: the message has been here before (loop); kept", t.address,
                  r->address);
        if (!r->copy && !placements.has_inbox(inbox.mailbox)) placements.add(inbox, {});
      } else {
        redirect(a, *r, sender, source, edited, depth);
      }
    } else if (const auto* reject = std::get_if<sieve::Reject>(&action)) {
      log::info("sieve: {}: message from <{}> rejected: {}", t.address, sender, printable(reject->reason));
      plan.rejected.push_back(Rejection{t.address, reject->reason, sender});
    } else if (const auto* v = std::get_if<sieve::Vacation>(&action)) {
      vacation(a, *v, sender, seen_header, depth);
    }  // Discard: nothing is stored for this account.
  }
  for (const auto& d : result.duplicates) plan.duplicates.push_back(DuplicateMemory{t.account_id, d.key, d.expires});

  if (!edited) {
    for (auto& p : placements.list()) unchanged.placements.push_back(std::move(p));
  } else if (!placements.list().empty()) {
    plan.local.push_back(LocalCopy{return_path_field(sender), sender, std::move(placements.list()), edited, std::nullopt});
  }
}

void Planner::redirect(const Addressed& a, const sieve::Redirect& r, const std::string& sender, const Source& source,
                       const std::shared_ptr<const OwnContent>& edited, int depth) {
  // RFC 9228: the copy names the account it went through, so that it stops if it comes back.
  std::string delivered_to = "Delivered-To: " + a.target.address + "\r\n";
  auto target = parse_address(r.address);
  if (!target) {
    log::warn("sieve: {}: redirect to malformed <{}> dropped", a.target.address, printable(r.address));
    return;
  }
  if (store::domains::is_local(db_, target->domain)) {
    // Delivered here, in this write: the target's own script sees the Delivered-To field.
    std::string data = delivered_to + (edited ? edited->data : source.stored_text());
    log::info("sieve: {}: redirected to <{}>", a.target.address, r.address);
    send({r.address}, sender, own_content(std::move(data)), depth + 1);
    return;
  }
  // Leaving: the sender rewritten into the account's domain (SRS) so the destination's
  // SPF check passes and a bounce comes back here; the null sender stays null.
  std::string rewritten = context_.srs ? context_.srs->forward(sender, domain_of(a.target.address), now_) : sender;
  auto content = edited ? edited : source.own();
  RemoteCopy copy{delivered_to + (content ? std::string() : source.list_prefix()), rewritten, {r.address}, content, std::nullopt};
  plan.remote.push_back(std::move(copy));
  log::info("sieve: {}: redirected to <{}> from <{}>", a.target.address, r.address, rewritten);
}

void Planner::vacation(const Addressed& a, const sieve::Vacation& v, const std::string& sender, std::string_view header,
                       int depth) {
  const Target& t = a.target;
  VacationCheck check{header, sender, {t.address}};
  for (auto& alias : store::aliases::owned_by(db_, t.address)) check.own_addresses.push_back(std::move(alias));
  check.own_addresses.insert(check.own_addresses.end(), v.addresses.begin(), v.addresses.end());
  auto verdict = vacation_verdict(check);
  if (verdict != VacationVerdict::reply) {
    log::info("sieve: {}: no vacation reply to <{}>: {}", t.address, sender, describe(verdict));
    return;
  }
  bool answered = store::sieve_memory::vacation_answered(db_, t.account_id, v.handle, sender, now_) ||
                  std::any_of(plan.vacations.begin(), plan.vacations.end(), [&](const VacationMemory& m) {
                    return m.account_id == t.account_id && m.handle == v.handle && iequals(m.sender, sender);
                  });
  if (answered) {
    log::info("sieve: {}: no vacation reply to <{}>: answered within the period", t.address, sender);
    return;
  }
  VacationReplyInput reply;
  reply.from = v.from.empty() ? t.address : v.from;
  reply.to = sender;
  reply.subject = v.subject;
  reply.reason = v.reason;
  reply.mime = v.mime;
  reply.original_header = header;
  reply.message_id = new_message_id();
  reply.date = now_;
  VacationMemory memory{t.account_id, v.handle, sender, now_ + v.period_seconds};
  log::info("sieve: {}: vacation reply to <{}>", t.address, sender);
  // RFC 3834 section 3.3 and RFC 5230 section 4.3: sent with the null envelope sender.
  send({sender}, "", own_content(make_vacation_reply(reply)), depth + 1, &memory);
  plan.vacations.push_back(std::move(memory));
}

}  // namespace carteiro::delivery
