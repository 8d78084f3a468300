#pragma once
// The QUOTA extension's responses (RFC 9208 section 4.2). Every account has one quota
// root, named "" as in the RFC's examples, holding all its mailboxes; it exists while the
// account has a limit (an account without one has no quota root, section 4.2.2).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "carteiro/store/quotas.hpp"

namespace carteiro::imap {

inline constexpr std::string_view kQuotaRoot = "";

// STORAGE is counted in units of 1024 octets (RFC 9208 section 5.1); a part of a unit
// counts as a whole one, for the usage and the limit alike.
std::int64_t storage_units(std::int64_t octets);

// quota-list = "(" quota-resource *(SP quota-resource) ")", with the limited resources
// (STORAGE, MESSAGE); nullopt when there is none (no quota root).
std::optional<std::string> quota_list(const store::AccountQuota& quota);

// The untagged QUOTA response's text: "QUOTA \"\" (STORAGE 12 1024)".
std::string quota_response(const store::AccountQuota& quota);

}  // namespace carteiro::imap
