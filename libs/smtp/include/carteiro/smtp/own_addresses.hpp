#pragma once
// What an authenticated submission account may write as: its own address, any +tag of it
// (plus-addressing, as delivery resolves it) and the aliases that lead to it alone. The
// envelope sender (MAIL FROM) and the message's From: and Sender: fields are held to it
// (RFC 6409 section 6.1 lets a submission server check the sender's identity), so a
// stolen password cannot send as anyone else. Pure; the caller reads the aliases.
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/common/address.hpp"
#include "carteiro/smtp/message_headers.hpp"

namespace carteiro::smtp {

struct OwnAddresses {
  std::string account;               // the account's address
  std::vector<std::string> aliases;  // store::aliases::owned_by

  // Case-insensitive; "bob+anything@example.test" is bob's.
  bool owns(const Address& address) const;
  // For a refusal: "bob@example.test (+tag allowed), sales@example.test", listing at most
  // MAX_ALIASES aliases and then "and N more".
  std::string summary(std::size_t max_aliases) const;
};

enum class AuthorCheck {
  ok,
  missing,    // no From: field
  malformed,  // more than one From: or Sender:, or one without a usable address
  not_owned,  // an address in From: or Sender: is not the account's
};

struct AuthorVerdict {
  AuthorCheck result = AuthorCheck::ok;
  std::string field;    // "From" or "Sender", where the problem is
  std::string address;  // the address not owned
};

// RFC 5322 section 3.6.2: one From: (one or more mailboxes) and at most one Sender:.
// Every mailbox in them must be OWN's.
AuthorVerdict check_authors(std::string_view message, const HeaderIndex& index, const OwnAddresses& own);

}  // namespace carteiro::smtp
