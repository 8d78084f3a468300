#pragma once
// The local address space: every address of a local domain is at most one of an account,
// an alias or a list.
#include <string>
#include <string_view>

#include "carteiro/common/address.hpp"
#include "carteiro/store/db.hpp"

namespace carteiro::store {

enum class AddressKind { none, account, alias, list };

AddressKind address_kind(Db& db, std::string_view address);
// Parses ADDRESS and checks that its domain is local; UserError otherwise.
Address require_local_address(Db& db, std::string_view address);
// As above, and the address must not be taken yet.
Address require_free_local_address(Db& db, std::string_view address);

}  // namespace carteiro::store
