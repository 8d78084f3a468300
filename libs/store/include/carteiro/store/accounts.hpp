#pragma once
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct Account {
  std::int64_t id = 0;
  std::int64_t domain_id = 0;
  std::string address;     // as stored: local part as given, domain lower-case
  std::string local_part;
  std::string password_hash;
  std::optional<std::string> apop_secret;
};

// The folders every account starts with (RFC 6154 special-use attributes).
struct DefaultMailbox {
  const char* name;
  const char* special_use;  // nullptr for INBOX
};
inline constexpr DefaultMailbox kDefaultMailboxes[] = {
    {"INBOX", nullptr}, {"Sent", "\\Sent"}, {"Drafts", "\\Drafts"}, {"Trash", "\\Trash"}, {"Junk", "\\Junk"}};

namespace accounts {
// Creates the account and its default mailboxes. UserError: malformed address, unknown
// domain, or the address is taken (by an account, alias or list).
Account add(Db& db, std::string_view address, std::string_view password_hash);
void remove(Db& db, std::string_view address);  // UserError: unknown
void set_password_hash(Db& db, std::string_view address, std::string_view hash);
void set_apop_secret(Db& db, std::string_view address, std::optional<std::string> secret);
std::optional<Account> find(Db& db, std::string_view address);
std::optional<Account> find_by_id(Db& db, std::int64_t id);
// Accounts whose local part is LOCAL, in any domain (bare login names, VRFY).
std::vector<Account> find_by_local_part(Db& db, std::string_view local);
std::vector<Account> list(Db& db, std::optional<std::string> domain = std::nullopt);
// The full address for a login name: the address itself, or a bare local part when
// exactly one domain has it (the lab habit of "user bob").
std::optional<Account> find_login(Db& db, std::string_view login);
}  // namespace accounts

}  // namespace carteiro::store
