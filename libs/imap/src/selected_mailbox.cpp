#include "carteiro/imap/selected_mailbox.hpp"

#include <algorithm>
#include <utility>

#include "carteiro/common/strings.hpp"
#include "carteiro/imap/flags.hpp"

namespace carteiro::imap {

SelectedMailbox::SelectedMailbox(std::int64_t id, std::string name, std::int64_t uidvalidity, bool read_only,
                                 UidMap uids, std::int64_t highestmodseq)
    : id_(id),
      name_(std::move(name)),
      uidvalidity_(uidvalidity),
      read_only_(read_only),
      uids_(std::move(uids)),
      known_modseq_(highestmodseq),
      reported_exists_(uids_.size()) {}

bool SelectedMailbox::expunged(std::int64_t uid) const {
  return std::binary_search(pending_.begin(), pending_.end(), uid);
}

std::optional<std::vector<std::uint32_t>> SelectedMailbox::resolve(const SequenceSet& set, bool uid) const {
  std::vector<std::uint32_t> out;
  if (uid) {
    for (const auto& r : set.resolve(uids_.max_uid())) {
      for (auto seq = uids_.rank(r.first - 1) + 1, last = uids_.rank(r.last); seq <= last; ++seq) out.push_back(seq);
    }
    return out;
  }
  for (const auto& r : set.resolve(exists())) {
    if (r.last > exists()) return std::nullopt;
    for (auto seq = r.first; seq <= r.last; ++seq) out.push_back(seq);
  }
  return out;
}

std::optional<std::int64_t> SelectedMailbox::pending_flags_modseq(std::int64_t uid) const {
  auto it = std::find_if(flag_changes_.begin(), flag_changes_.end(), [uid](const auto& f) { return f.uid == uid; });
  if (it == flag_changes_.end()) return std::nullopt;
  return it->modseq;
}

void SelectedMailbox::add_recent(std::int64_t after, std::int64_t up_to) {
  if (up_to > after) recent_.emplace_back(after, up_to);
}

bool SelectedMailbox::recent(std::int64_t uid) const {
  return std::any_of(recent_.begin(), recent_.end(), [uid](const auto& r) { return uid > r.first && uid <= r.second; });
}

std::uint32_t SelectedMailbox::recent_count() const {
  std::size_t n = 0;
  for (const auto& [after, up_to] : recent_)
    n += uids_.rank(static_cast<std::uint32_t>(up_to)) - uids_.rank(static_cast<std::uint32_t>(after));
  return static_cast<std::uint32_t>(n);
}

void SelectedMailbox::learn_keywords(std::string_view stored) {
  for (auto& keyword : split_keywords(stored)) {
    bool known = std::any_of(keywords_.begin(), keywords_.end(), [&](const std::string& k) { return iequals(k, keyword); });
    if (known) continue;
    keywords_.push_back(std::move(keyword));
    keywords_changed_ = true;
  }
}

void SelectedMailbox::apply(const store::imap::MailboxDelta& delta) {
  if (delta.uids) {
    // Both ascend: one merge pass finds the known UIDs the store no longer has.
    auto run = delta.uids->begin();
    for (std::uint32_t seq = 1; seq <= uids_.size(); ++seq) {
      auto uid = uids_.uid_at(seq);
      while (run != delta.uids->end() && run->first_uid + run->count <= uid) ++run;
      bool stored = run != delta.uids->end() && run->first_uid <= uid;
      if (!stored && !expunged(uid))
        pending_.insert(std::upper_bound(pending_.begin(), pending_.end(), uid), uid);
    }
  }
  auto previous_max = max_uid();
  for (const auto& row : delta.changed) {
    learn_keywords(row.keywords);
    if (row.uid > previous_max) {
      uids_.push_back(static_cast<std::uint32_t>(row.uid));
      continue;
    }
    if (std::find(own_modseqs_.begin(), own_modseqs_.end(), row.modseq) != own_modseqs_.end()) continue;
    if (!seq_of(row.uid) || expunged(row.uid)) continue;
    auto same = std::find_if(flag_changes_.begin(), flag_changes_.end(), [&](const auto& f) { return f.uid == row.uid; });
    if (same != flag_changes_.end())
      *same = row;
    else
      flag_changes_.push_back(row);
  }
  known_modseq_ = std::max(known_modseq_, delta.highestmodseq);
  own_modseqs_.clear();
}

bool SelectedMailbox::has_updates(bool allow_expunge) const {
  return (allow_expunge && !pending_.empty()) || uids_.size() != reported_exists_ || !flag_changes_.empty() ||
         keywords_changed_;
}

MailboxUpdates SelectedMailbox::take_updates(bool allow_expunge) {
  MailboxUpdates u;
  u.keywords = std::exchange(keywords_changed_, false);
  if (allow_expunge && !pending_.empty()) {
    // Highest sequence number first: each EXPUNGE then names the message's number as the
    // client has it, since only higher numbers shift (RFC 3501 section 7.4.1).
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it)
      if (auto seq = seq_of(*it)) u.expunged.push_back(*seq);
    for (auto uid : pending_)
      if (seq_of(uid)) u.vanished.push_back(uid);
    uids_.erase(pending_);
    std::erase_if(flag_changes_, [this](const auto& f) { return expunged(f.uid); });
    reported_exists_ -= static_cast<std::uint32_t>(u.expunged.size());
    pending_.clear();
  }
  if (uids_.size() != reported_exists_) {
    reported_exists_ = exists();
    u.exists = reported_exists_;
  }
  // RFC 3501 section 7.3.2: RECENT goes with a change of the mailbox's size.
  if (u.exists) u.recent = recent_count();
  for (auto& f : flag_changes_) {
    auto seq = seq_of(f.uid);
    if (seq && !expunged(f.uid)) u.flags.emplace_back(*seq, std::move(f));
  }
  flag_changes_.clear();
  return u;
}

}  // namespace carteiro::imap
