#include "carteiro/imap/sequence_set.hpp"

#include <algorithm>
#include <optional>

#include "parser/rules.hpp"

namespace carteiro::imap {

namespace parser {

namespace {
// seq-number = nz-number / "*"
std::uint32_t seq_number(Reader& r) {
  if (r.accept("*")) return kStar;
  return r.nz_number();
}
}  // namespace

// sequence-set = (seq-number / seq-range) *("," sequence-set)
// seq-range = seq-number ":" seq-number   (either order: "4:2" is "2:4")
SequenceSet sequence_set(Reader& r) {
  SequenceSet set;
  do {
    SequenceSet::Range range;
    range.first = range.last = seq_number(r);
    if (r.accept(":")) range.last = seq_number(r);
    set.ranges.push_back(range);
  } while (r.accept(","));
  return set;
}

}  // namespace parser

namespace {
// One range with '*' replaced and its ends in order; nullopt if it uses '*' and there is
// nothing (LARGEST 0).
std::optional<SequenceSet::Range> normalized(SequenceSet::Range r, std::uint32_t largest) {
  if ((r.first == kStar || r.last == kStar) && largest == 0) return std::nullopt;
  if (r.first == kStar) r.first = largest;
  if (r.last == kStar) r.last = largest;
  if (r.first > r.last) std::swap(r.first, r.last);
  return r;
}
}  // namespace

bool SequenceSet::uses_star() const {
  return std::any_of(ranges.begin(), ranges.end(),
                     [](const Range& x) { return x.first == kStar || x.last == kStar; });
}

std::vector<SequenceSet::Range> SequenceSet::resolve(std::uint32_t largest) const {
  std::vector<Range> out;
  out.reserve(ranges.size());
  for (const auto& r : ranges)
    if (auto n = normalized(r, largest)) out.push_back(*n);
  std::sort(out.begin(), out.end(), [](const Range& a, const Range& b) { return a.first < b.first; });
  std::vector<Range> merged;
  for (const auto& r : out) {
    if (!merged.empty() && static_cast<std::uint64_t>(r.first) <= std::uint64_t{merged.back().last} + 1)
      merged.back().last = std::max(merged.back().last, r.last);
    else
      merged.push_back(r);
  }
  return merged;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t largest) const {
  return std::any_of(ranges.begin(), ranges.end(), [&](const Range& r) {
    auto x = normalized(r, largest);
    return x && n >= x->first && n <= x->last;
  });
}

}  // namespace carteiro::imap
