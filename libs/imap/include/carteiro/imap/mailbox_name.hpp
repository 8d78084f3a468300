#pragma once
// Mailbox names: modified UTF-7 (RFC 3501 section 5.1.3), '/' as the hierarchy delimiter,
// INBOX case-insensitive (section 5.1), and LIST's wildcards '*' and '%' (section 6.3.8).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::imap {

inline constexpr char kDelimiter = '/';

// RFC 3501 section 5.1.3: printable US-ASCII except '&', which starts a base64 run of
// UTF-16 ("&" modified-base64 "-") or stands for itself as "&-". A run must decode to
// whole, non-ASCII UTF-16 units without padding bits left over.
bool valid_modified_utf7(std::string_view name);

// Why NAME cannot be a mailbox name, or nullopt if it can (also used for CREATE/RENAME
// targets): empty, bad modified UTF-7, empty hierarchy levels, or too long.
std::optional<std::string> invalid_mailbox_name(std::string_view name);

// "inbox" in any case -> "INBOX"; other names as they are (as the store matches them).
std::string canonical_mailbox_name(std::string_view name);

// The longest LIST/LSUB pattern, reference included, in bytes. Names are at most 512
// bytes, so this leaves room for any wildcards a real pattern has; longer ones get BAD.
inline constexpr std::size_t kMaxListPattern = 1024;

// A LIST pattern (RFC 3501 section 6.3.8): '*' matches anything, '%' anything but the
// delimiter. Compiled once per command, then matched against every mailbox name in
// O(name * pattern / 64) whatever the wildcards: the pattern is run as an automaton whose
// set of live positions is a bitset, so nothing backtracks.
class ListPattern {
 public:
  explicit ListPattern(std::string_view pattern);
  bool matches(std::string_view name) const;

 private:
  using Bits = std::vector<std::uint64_t>;
  void close_over_wildcards(Bits& live) const;

  std::size_t elements_ = 0;             // after runs of wildcards are merged
  std::size_t literals_ = 0;             // a shorter name cannot match
  std::array<std::uint16_t, 256> byte_class_{};  // 0: not in the pattern, else 1 + index
  std::vector<Bits> literal_;            // per byte class: bit i+1 where element i is it
  Bits star_;                            // bit i+1 where element i is '*' (stays on any byte)
  Bits percent_;                         // bit i+1 where element i is '%' (not on the delimiter)
  Bits wildcard_;                        // bit i where element i is a wildcard (matches empty)
};

bool list_pattern_matches(std::string_view pattern, std::string_view name);

// The parent name of "a/b/c" is "a/b"; of "a" none.
std::optional<std::string_view> parent_mailbox_name(std::string_view name);

}  // namespace carteiro::imap
