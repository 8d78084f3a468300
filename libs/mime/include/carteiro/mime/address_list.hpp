#pragma once
// RFC 5322 section 3.4 address lists, element by element as they are written (the facts
// behind IMAP's ENVELOPE addresses, RFC 3501 section 7.4.2): display names, routes and local
// parts stay raw (not RFC 2047-decoded).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carteiro::mime {

// One element of an envelope address list. A group is a start marker (mailbox = group name,
// host absent) followed by its members and an end marker (everything absent).
struct EnvelopeAddress {
  std::optional<std::string> name;     // display name (or the comment of "a@b (Name)")
  std::optional<std::string> route;    // obsolete source route "@a,@b"
  std::optional<std::string> mailbox;  // local part, or group name at a group start
  std::optional<std::string> host;     // domain; "" when the address has none
  bool group_start() const { return mailbox && !host; }
  bool group_end() const { return !mailbox && !host; }
};

// Parses an unfolded address-list value. Never fails: what cannot be parsed is skipped.
std::vector<EnvelopeAddress> parse_address_list(std::string_view value);

}  // namespace carteiro::mime
