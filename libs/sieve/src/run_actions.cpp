// The action list of one run and its rules (RFC 5228 section 2.10).
#include "run_actions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "carteiro/common/strings.hpp"
#include "run_error.hpp"

namespace carteiro::sieve {

namespace {
bool is_inbox(std::string_view mailbox) { return iequals(mailbox, "INBOX"); }
}  // namespace

void merge_flags(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const std::string& flag : from)
    if (std::none_of(into.begin(), into.end(), [&](const std::string& f) { return iequals(f, flag); }))
      into.push_back(flag);
}

void ActionList::count() {
  if (++count_ > limits_.max_actions)
    throw RuntimeError(fmt::format("too many actions (the limit is {})", limits_.max_actions));
}

void ActionList::refuse_after_reject(const char* action) const {
  if (rejected_) throw RuntimeError(fmt::format("{} cannot follow reject (RFC 5429 section 2.1)", action));
}

Keep* ActionList::find_keep() {
  for (Action& a : actions_)
    if (auto* k = std::get_if<Keep>(&a)) return k;
  return nullptr;
}

void ActionList::keep(std::vector<std::string> flags) {
  count();
  refuse_after_reject("keep");
  implicit_keep_ = false;
  delivered_ = true;
  if (Keep* existing = find_keep()) {
    merge_flags(existing->flags, flags);
    return;
  }
  actions_.push_back(Keep{std::move(flags)});
}

void ActionList::fileinto(FileInto action) {
  if (is_inbox(action.mailbox)) {
    // Into INBOX is a keep; with :copy the implicit keep stands as well, which is the same.
    bool keeps_implicit = implicit_keep_ && action.copy;
    keep(std::move(action.flags));
    implicit_keep_ = keeps_implicit;
    return;
  }
  count();
  refuse_after_reject("fileinto");
  if (!action.copy) implicit_keep_ = false;
  delivered_ = true;
  for (Action& a : actions_) {
    auto* f = std::get_if<FileInto>(&a);
    if (!f || f->mailbox != action.mailbox) continue;
    merge_flags(f->flags, action.flags);
    f->create = f->create || action.create;
    f->copy = f->copy && action.copy;
    return;
  }
  actions_.push_back(std::move(action));
}

void ActionList::redirect(Redirect action) {
  count();
  refuse_after_reject("redirect");
  if (!action.copy) implicit_keep_ = false;
  delivered_ = true;
  for (Action& a : actions_) {
    auto* r = std::get_if<Redirect>(&a);
    if (!r || !iequals(r->address, action.address)) continue;
    r->copy = r->copy && action.copy;
    return;
  }
  if (++redirects_ > limits_.max_redirects)
    throw RuntimeError(fmt::format("too many redirects (the limit is {})", limits_.max_redirects));
  actions_.push_back(std::move(action));
}

void ActionList::discard() {
  count();
  implicit_keep_ = false;
  discarded_ = true;
}

void ActionList::reject(Reject action) {
  count();
  if (rejected_) throw RuntimeError("reject used more than once (RFC 5429 section 2.1)");
  if (delivered_)
    throw RuntimeError(fmt::format("{} cannot follow keep, fileinto or redirect (RFC 5429 section 2.1)",
                                   action.ereject ? "ereject" : "reject"));
  implicit_keep_ = false;
  rejected_ = true;
  actions_.push_back(std::move(action));
}

void ActionList::vacation(Vacation action) {
  count();
  if (vacation_) throw RuntimeError("vacation used more than once (RFC 5230 section 4.7)");
  vacation_ = true;
  actions_.push_back(std::move(action));
}

std::vector<Action> ActionList::finish(const std::vector<std::string>& implicit_flags) const {
  std::vector<Action> out = actions_;
  if (implicit_keep_) {
    auto keep = std::find_if(out.begin(), out.end(), [](const Action& a) { return std::holds_alternative<Keep>(a); });
    if (keep == out.end())
      out.push_back(Keep{implicit_flags});
    else
      merge_flags(std::get<Keep>(*keep).flags, implicit_flags);
  }
  bool stored = std::any_of(out.begin(), out.end(), [](const Action& a) {
    return std::holds_alternative<Keep>(a) || std::holds_alternative<FileInto>(a);
  });
  // Discard says "store nothing"; it is only worth saying when nothing else is done.
  if (discarded_ && !stored && !rejected_) out.push_back(Discard{});
  return out;
}

}  // namespace carteiro::sieve
