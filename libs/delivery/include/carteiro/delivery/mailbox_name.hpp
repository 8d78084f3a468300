#pragma once
// The mailbox a Sieve script names (fileinto, mailboxexists): scripts write names in UTF-8
// (RFC 5228 section 2.7.2 via RFC 3501's rules, RFC 5490), the store keeps them as IMAP
// shows them, in modified UTF-7 (RFC 3501 section 5.1.3) with '/' between levels.
#include <optional>
#include <string>
#include <string_view>

namespace carteiro::delivery {

inline constexpr std::size_t kMaxMailboxName = 512;  // octets, as IMAP CREATE allows

// NAME as stored, or nullopt when it cannot be a mailbox name: empty, an empty level
// ("a//b", "/a", "a/"), not UTF-8, control characters, or too long. "inbox" is INBOX.
std::optional<std::string> stored_mailbox_name(std::string_view name);

}  // namespace carteiro::delivery
