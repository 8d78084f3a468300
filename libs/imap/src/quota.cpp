#include "carteiro/imap/quota.hpp"

#include <fmt/format.h>

#include "carteiro/imap/response.hpp"

namespace carteiro::imap {

namespace {
constexpr std::int64_t kStorageUnit = 1024;
}  // namespace

std::int64_t storage_units(std::int64_t octets) { return octets <= 0 ? 0 : (octets + kStorageUnit - 1) / kStorageUnit; }

std::optional<std::string> quota_list(const store::AccountQuota& quota) {
  // quota-resource = resource-name SP resource-usage SP resource-limit (RFC 9208 formal syntax)
  std::string resources;
  if (quota.limits.storage)
    resources += fmt::format("STORAGE {} {}", storage_units(quota.used.storage), storage_units(*quota.limits.storage));
  if (quota.limits.messages)
    resources += fmt::format("{}MESSAGE {} {}", resources.empty() ? "" : " ", quota.used.messages, *quota.limits.messages);
  if (resources.empty()) return std::nullopt;
  return "(" + resources + ")";
}

std::string quota_response(const store::AccountQuota& quota) {
  return fmt::format("QUOTA {} {}", imap_string(kQuotaRoot), quota_list(quota).value_or("()"));
}

}  // namespace carteiro::imap
