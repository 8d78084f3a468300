#pragma once
// Each account's Sieve scripts (schema/0010_sieve_scripts.sql): named scripts, at most one
// of them active, which delivery runs on every message for the account. The text is
// stored as uploaded; it was compiled (checked) before it was stored, by the caller.
// Used by ManageSieve (RFC 5804), the `carteiro sieve` commands and delivery.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carteiro/store/db.hpp"

namespace carteiro::store {

struct SieveScriptInfo {
  std::string name;
  bool active = false;
  std::int64_t size = 0;  // octets
};

struct ActiveSieveScript {
  std::string name;
  std::string text;
  std::int64_t version = 0;  // changes whenever the active script or its text changes
};

namespace sieve_scripts {
std::vector<SieveScriptInfo> list(Db& db, std::int64_t account_id);
std::optional<std::string> get(Db& db, std::int64_t account_id, std::string_view name);
// Creates or replaces NAME (its active state is kept).
void put(Db& db, std::int64_t account_id, std::string_view name, std::string_view text);
// Makes NAME the active script; an empty NAME leaves none active. UserError: no such script.
void set_active(Db& db, std::int64_t account_id, std::string_view name);
// UserError: no such script, or it is the active one (RFC 5804 section 2.10).
void remove(Db& db, std::int64_t account_id, std::string_view name);
// UserError: no such script, or NEW_NAME exists.
void rename(Db& db, std::int64_t account_id, std::string_view old_name, std::string_view new_name);
std::optional<ActiveSieveScript> active(Db& db, std::int64_t account_id);
}  // namespace sieve_scripts

}  // namespace carteiro::store
