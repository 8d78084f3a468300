#pragma once
#include <optional>
#include <string>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct MailingList {
  std::int64_t id = 0;
  std::string address;
  bool members_only = false;
  std::vector<std::string> members;
  // Anyone may join by mail to LIST-request (confirmed by a token); closed: only the
  // admin adds members.
  bool open_subscription = false;
};

namespace lists {
MailingList create(Db& db, std::string_view address, bool members_only);  // UserError: taken, bad
void remove(Db& db, std::string_view address);
void add_member(Db& db, std::string_view list, std::string_view member);
void remove_member(Db& db, std::string_view list, std::string_view member);
void set_open_subscription(Db& db, std::string_view list, bool open);  // UserError: no such list
std::optional<MailingList> find(Db& db, std::string_view address);  // with members
std::vector<MailingList> list(Db& db);
}  // namespace lists

}  // namespace carteiro::store
