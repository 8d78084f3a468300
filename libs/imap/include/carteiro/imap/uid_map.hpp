#pragma once
// Sequence number <-> UID of a selected mailbox (RFC 3501 section 2.3.1), kept as runs of
// consecutive UIDs: a mailbox whose UIDs have few gaps costs a few bytes whatever its size,
// which keeps a thousand idle sessions on a large mailbox small.
#include <cstdint>
#include <optional>
#include <vector>

namespace carteiro::imap {

class UidMap {
 public:
  UidMap() = default;
  explicit UidMap(const std::vector<std::int64_t>& ascending);

  std::uint32_t size() const { return size_; }
  std::uint32_t max_uid() const { return runs_.empty() ? 0 : runs_.back().first_uid + runs_.back().count - 1; }
  std::uint32_t uid_at(std::uint32_t seq) const;  // 1 <= seq <= size()
  std::optional<std::uint32_t> seq_of(std::uint32_t uid) const;
  // How many of the UIDs are <= UID: the UIDs in [a, b] have sequence numbers
  // rank(a - 1) + 1 .. rank(b).
  std::uint32_t rank(std::uint32_t uid) const;

  void push_back(std::uint32_t uid);  // above max_uid()
  // UIDs FIRST_UID .. FIRST_UID + COUNT - 1, all above max_uid().
  void push_run(std::uint32_t first_uid, std::uint32_t count);
  // Removes these UIDs (ascending; absent ones are ignored).
  void erase(const std::vector<std::uint32_t>& ascending);
  std::size_t runs() const { return runs_.size(); }

 private:
  struct Run {
    std::uint32_t first_uid;
    std::uint32_t count;
    std::uint32_t seq_before;  // messages in the runs before this one
  };
  std::vector<Run> runs_;
  std::uint32_t size_ = 0;
};

}  // namespace carteiro::imap
