#include "carteiro/imap/uid_map.hpp"

#include <algorithm>

namespace carteiro::imap {

UidMap::UidMap(const std::vector<std::int64_t>& ascending) {
  for (auto uid : ascending) push_back(static_cast<std::uint32_t>(uid));
  runs_.shrink_to_fit();
}

std::uint32_t UidMap::uid_at(std::uint32_t seq) const {
  std::uint32_t index = seq - 1;
  auto it = std::upper_bound(runs_.begin(), runs_.end(), index,
                             [](std::uint32_t i, const Run& r) { return i < r.seq_before; });
  --it;
  return it->first_uid + (index - it->seq_before);
}

std::optional<std::uint32_t> UidMap::seq_of(std::uint32_t uid) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), uid,
                             [](std::uint32_t u, const Run& r) { return u < r.first_uid; });
  if (it == runs_.begin()) return std::nullopt;
  --it;
  if (uid - it->first_uid >= it->count) return std::nullopt;
  return it->seq_before + (uid - it->first_uid) + 1;
}

std::uint32_t UidMap::rank(std::uint32_t uid) const {
  auto it = std::upper_bound(runs_.begin(), runs_.end(), uid,
                             [](std::uint32_t u, const Run& r) { return u < r.first_uid; });
  if (it == runs_.begin()) return 0;
  --it;
  return it->seq_before + std::min(it->count, uid - it->first_uid + 1);
}

void UidMap::push_back(std::uint32_t uid) { push_run(uid, 1); }

void UidMap::push_run(std::uint32_t first_uid, std::uint32_t count) {
  if (count == 0) return;
  if (!runs_.empty() && runs_.back().first_uid + runs_.back().count == first_uid)
    runs_.back().count += count;
  else
    runs_.push_back(Run{first_uid, count, size_});
  size_ += count;
}

void UidMap::erase(const std::vector<std::uint32_t>& ascending) {
  std::vector<Run> kept;
  kept.reserve(runs_.size() + ascending.size());
  auto removed = ascending.begin();
  std::uint32_t size = 0;
  auto keep = [&kept, &size](std::uint32_t first, std::uint32_t end) {
    if (first < end) {
      kept.push_back(Run{first, end - first, size});
      size += end - first;
    }
  };
  for (const auto& run : runs_) {
    std::uint32_t end = run.first_uid + run.count;
    std::uint32_t next = run.first_uid;
    while (removed != ascending.end() && *removed < run.first_uid) ++removed;
    for (; removed != ascending.end() && *removed < end; ++removed) {
      keep(next, *removed);
      next = *removed + 1;
    }
    keep(next, end);
  }
  kept.shrink_to_fit();
  runs_ = std::move(kept);
  size_ = size;
}

}  // namespace carteiro::imap
