#pragma once
// Mailbox names: modified UTF-7 (RFC 3501 section 5.1.3), '/' as the hierarchy delimiter,
// INBOX case-insensitive (section 5.1), and LIST's wildcards '*' and '%' (section 6.3.8).
#include <optional>
#include <string>
#include <string_view>

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

// LIST pattern match (RFC 3501 section 6.3.8): '*' matches anything, '%' anything but the
// delimiter. Linear in name length times pattern length (no backtracking blow-up).
bool list_pattern_matches(std::string_view pattern, std::string_view name);

// The parent name of "a/b/c" is "a/b"; of "a" none.
std::optional<std::string_view> parent_mailbox_name(std::string_view name);

}  // namespace carteiro::imap
