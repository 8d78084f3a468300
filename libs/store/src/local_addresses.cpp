#include "carteiro/store/local_addresses.hpp"

#include <fmt/format.h>

#include "carteiro/store/domains.hpp"

namespace carteiro::store {

AddressKind address_kind(Db& db, std::string_view address) {
  auto& st = db.query(
      "SELECT 1 FROM accounts WHERE address = ?1 UNION ALL SELECT 2 FROM aliases WHERE address = ?1 "
      "UNION ALL SELECT 3 FROM lists WHERE address = ?1 LIMIT 1",
      address);
  AddressKind kind = AddressKind::none;
  if (st.step()) kind = static_cast<AddressKind>(st.integer(0));
  st.reset();
  return kind;
}

Address require_local_address(Db& db, std::string_view address) {
  auto a = parse_address(address);
  if (!a) throw UserError(fmt::format("\"{}\" is not a valid address", address));
  if (!domains::is_local(db, a->domain))
    throw UserError(fmt::format("no domain {} (add it first: carteiro domain add {})", a->domain, a->domain));
  return *a;
}

Address require_free_local_address(Db& db, std::string_view address) {
  auto a = require_local_address(db, address);
  if (address_kind(db, a.text()) != AddressKind::none) throw UserError(fmt::format("{} already exists", a.text()));
  return a;
}

}  // namespace carteiro::store
