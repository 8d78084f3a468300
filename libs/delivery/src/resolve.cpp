#include "carteiro/delivery/resolve.hpp"

#include <algorithm>
#include <set>

#include "carteiro/common/log.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/srs.hpp"
#include "carteiro/store/accounts.hpp"
#include "carteiro/store/aliases.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/lists.hpp"

namespace carteiro::delivery {

namespace {

constexpr std::string_view kBounceSuffix = "-bounces";
constexpr std::string_view kRequestSuffix = "-request";

// Local parts are matched case-insensitively (as the store's NOCASE columns do).
std::string key_of(const Address& a) { return to_lower(a.local) + "@" + a.domain; }

// Where expanded addresses go: the direct targets or one list post's members.
struct Group {
  std::vector<Target>& targets;
  std::set<std::string> seen;
};

// Depth-first expansion of one recipient. PATH holds the addresses being expanded right
// now: meeting one of them again is a cycle. (A diamond, two aliases sharing a target,
// is no cycle: the target is just delivered once.)
class Expander {
 public:
  Expander(store::Db& db, std::string_view sender, const Srs* srs, std::int64_t now)
      : db_(db), sender_(sender), srs_(srs), now_(now) {}

  Resolution run(const Address& recipient) {
    out_.local_domain = store::domains::is_local(db_, recipient.domain);
    Group direct{out_.direct, {}};
    expand(recipient, 0, direct, false);
    if (!out_.ok()) {
      out_.direct.clear();
      out_.lists.clear();
      out_.requests.clear();
    }
    return std::move(out_);
  }

 private:
  bool fail(ResolveStatus status, std::string detail) {
    if (out_.ok()) {
      out_.status = status;
      out_.detail = std::move(detail);
    }
    return false;
  }

  bool add(Group& group, Target target) {
    if (!group.seen.insert(to_lower(target.address)).second) return true;
    if (++total_ > kMaxTargets) return fail(ResolveStatus::too_deep, "more than " + std::to_string(kMaxTargets) + " addresses");
    group.targets.push_back(std::move(target));
    return true;
  }

  bool expand(const Address& a, int depth, Group& group, bool in_list) {
    if (depth > kMaxAliasDepth) return fail(ResolveStatus::too_deep, a.text());
    if (!store::domains::is_local(db_, a.domain)) return add(group, Target{a.text(), 0});
    auto key = key_of(a);
    if (std::find(path_.begin(), path_.end(), key) != path_.end()) return fail(ResolveStatus::loop, a.text());
    path_.push_back(key);
    bool ok = expand_local(a, depth, group, in_list);
    path_.pop_back();
    return ok;
  }

  bool expand_text(std::string_view text, int depth, Group& group, bool in_list) {
    auto a = parse_address(text);
    if (!a) return fail(ResolveStatus::unknown_user, std::string(text));
    return expand(*a, depth, group, in_list);
  }

  bool expand_local(const Address& a, int depth, Group& group, bool in_list) {
    std::string full = a.text();
    if (srs_ && is_srs_local_part(a.local)) return expand_srs(a, depth, group, in_list);
    if (auto account = store::accounts::find(db_, full)) return add(group, Target{account->address, account->id});
    if (auto targets = store::aliases::targets(db_, full); !targets.empty()) {
      for (auto& t : targets)
        if (!expand_text(t, depth + 1, group, in_list)) return false;
      return true;
    }
    if (auto list = store::lists::find(db_, full)) return expand_list(*list, depth, group, in_list);
    if (auto bounce = bounce_target(a)) {
      if (bounce->empty()) return true;  // no postmaster to tell: accepted and dropped
      return expand_text(*bounce, depth + 1, group, in_list);
    }
    if (auto request = list_with_suffix(a, kRequestSuffix)) {
      bool seen = std::any_of(out_.requests.begin(), out_.requests.end(),
                              [&](const std::string& r) { return iequals(r, *request); });
      if (!seen) out_.requests.push_back(std::move(*request));
      return true;
    }
    auto base = strip_plus_tag(a.local);
    if (base.size() != a.local.size()) return expand_local(Address{std::string(base), a.domain}, depth, group, in_list);
    auto domain = store::domains::find(db_, a.domain);
    if (domain && domain->catch_all) return expand_text(*domain->catch_all, depth + 1, group, in_list);
    return fail(ResolveStatus::unknown_user, full);
  }

  // A list inside a list (or reached again from a list's members) adds its members to the
  // post being expanded; a list reached from the recipient or an alias is a post of its own.
  bool expand_list(const store::MailingList& list, int depth, Group& group, bool in_list) {
    if (in_list) {
      for (auto& m : list.members)
        if (!expand_text(m, depth + 1, group, true)) return false;
      return true;
    }
    for (auto& post : out_.lists)
      if (iequals(post.list, list.address)) return true;  // reached twice: one post
    if (list.members_only && !is_member(list)) return fail(ResolveStatus::not_member, list.address);
    ListPost post{list.address, {}};
    Group members{post.members, {}};
    for (auto& m : list.members)
      if (!expand_text(m, depth + 1, members, true)) return false;
    out_.lists.push_back(std::move(post));
    return true;
  }

  // A bounce to a redirected message's SRS sender goes on to the original sender (remote,
  // or one of ours when a local sender's mail was redirected out).
  bool expand_srs(const Address& a, int depth, Group& group, bool in_list) {
    auto reversal = srs_->reverse(a, now_);
    if (reversal.status == SrsStatus::ok) return expand_text(reversal.original, depth + 1, group, in_list);
    return fail(ResolveStatus::bad_srs,
                a.text() + (reversal.status == SrsStatus::expired ? " (SRS address expired)" : " (forged SRS address)"));
  }

  bool is_member(const store::MailingList& list) const {
    if (sender_.empty()) return false;  // a bounce is no post
    return std::any_of(list.members.begin(), list.members.end(),
                       [&](const std::string& m) { return iequals(m, sender_); });
  }

  // The list whose LIST-SUFFIX@domain address A is ("team-bounces@d" -> "team@d"), when
  // that list exists.
  std::optional<std::string> list_with_suffix(const Address& a, std::string_view suffix) {
    if (a.local.size() <= suffix.size()) return std::nullopt;
    if (!iequals(std::string_view(a.local).substr(a.local.size() - suffix.size()), suffix)) return std::nullopt;
    auto list = store::lists::find(db_, a.local.substr(0, a.local.size() - suffix.size()) + "@" + a.domain);
    if (!list) return std::nullopt;
    return list->address;
  }

  // LIST-bounces@domain of an existing list: the domain's postmaster when there is one,
  // "" when there is none (the bounce is dropped), nullopt when it is no bounce address.
  std::optional<std::string> bounce_target(const Address& a) {
    auto list = list_with_suffix(a, kBounceSuffix);
    if (!list) return std::nullopt;
    std::string postmaster = "postmaster@" + a.domain;
    if (store::accounts::find(db_, postmaster) || !store::aliases::targets(db_, postmaster).empty()) return postmaster;
    log::info("bounce for list {} dropped: no {} to send it to", *list, postmaster);
    return std::string();
  }

  store::Db& db_;
  std::string sender_;
  const Srs* srs_;
  std::int64_t now_;
  Resolution out_;
  std::vector<std::string> path_;
  std::size_t total_ = 0;
};

}  // namespace

Resolution resolve(store::Db& db, const Address& recipient, std::string_view sender, const Srs* srs,
                   std::int64_t now) {
  return Expander(db, sender, srs, now == 0 ? unix_now() : now).run(recipient);
}

namespace {
std::string with_suffix(std::string_view list, std::string_view suffix) {
  auto at = list.rfind('@');
  if (at == std::string_view::npos) return std::string(list) + std::string(suffix);
  return std::string(list.substr(0, at)) + std::string(suffix) + std::string(list.substr(at));
}
}  // namespace

std::string list_bounce_address(std::string_view list) { return with_suffix(list, kBounceSuffix); }
std::string list_request_address(std::string_view list) { return with_suffix(list, kRequestSuffix); }

}  // namespace carteiro::delivery
