#pragma once
// Sequence sets (RFC 3501 section 9 "sequence-set"): "1:4,7,9:*". A number is either a
// message sequence number or a UID, depending on the command; '*' stands for the largest
// one in use and a range may be written in either order ("5:2" is "2:5").
#include <cstdint>
#include <vector>

namespace carteiro::imap {

// '*' as written in a range; 0 is free for it since sequence numbers and UIDs start at 1.
inline constexpr std::uint32_t kStar = 0;

struct SequenceSet {
  struct Range {
    std::uint32_t first = 0;  // as written: kStar for '*'
    std::uint32_t last = 0;
    bool operator==(const Range&) const = default;
  };
  std::vector<Range> ranges;

  bool uses_star() const;
  // The ranges with '*' replaced by LARGEST, each ordered low..high, sorted and merged.
  // LARGEST 0 (an empty mailbox) drops the ranges that use '*'.
  std::vector<Range> resolve(std::uint32_t largest) const;
  // Numbers of 1..LARGEST that are in the set ('*' being LARGEST).
  bool contains(std::uint32_t n, std::uint32_t largest) const;
  bool operator==(const SequenceSet&) const = default;
};

}  // namespace carteiro::imap
