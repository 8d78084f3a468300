#include "carteiro/imap/vanished.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace carteiro::imap {

namespace {

using Range = std::pair<std::int64_t, std::int64_t>;  // first, last

// RUNS (ascending, disjoint) cut to the ranges of WITHIN (ascending, merged).
std::vector<Range> intersect(const std::vector<store::imap::VanishedRun>& runs,
                             const std::vector<SequenceSet::Range>& within) {
  std::vector<Range> out;
  auto w = within.begin();
  for (const auto& run : runs) {
    while (w != within.end() && static_cast<std::int64_t>(w->last) < run.first_uid) ++w;
    for (auto x = w; x != within.end() && static_cast<std::int64_t>(x->first) <= run.last_uid; ++x)
      out.emplace_back(std::max<std::int64_t>(run.first_uid, x->first), std::min<std::int64_t>(run.last_uid, x->last));
  }
  return out;
}

// Takes out of [first, last] the UIDs the session still numbers; they are few (expunges
// another session made since the last report), so walking them is cheap.
void append_unnumbered(std::vector<Range>& out, Range range, const SelectedMailbox& mailbox) {
  if (range.second > std::numeric_limits<std::uint32_t>::max() || range.first < 1) return;
  auto from = static_cast<std::uint32_t>(range.first);
  auto to = static_cast<std::uint32_t>(range.second);
  auto next = range.first;
  for (auto seq = mailbox.rank(from - 1) + 1, last = mailbox.rank(to); seq <= last; ++seq) {
    auto uid = mailbox.uid_at(seq);
    if (uid > next) out.emplace_back(next, uid - 1);
    next = uid + 1;
  }
  if (next <= range.second) out.emplace_back(next, range.second);
}

}  // namespace

std::string vanished_uid_set(const std::vector<store::imap::VanishedRun>& runs, const SequenceSet* within,
                             const SelectedMailbox& mailbox) {
  std::vector<Range> ranges;
  if (within) {
    ranges = intersect(runs, within->resolve(std::numeric_limits<std::uint32_t>::max()));
  } else {
    for (const auto& run : runs) ranges.emplace_back(run.first_uid, run.last_uid);
  }
  std::vector<Range> kept;
  for (const auto& range : ranges) append_unnumbered(kept, range, mailbox);
  std::string out;
  for (const auto& [first, last] : kept) {
    if (!out.empty()) out += ',';
    out += std::to_string(first);
    if (last > first) out += ':' + std::to_string(last);
  }
  return out;
}

}  // namespace carteiro::imap
