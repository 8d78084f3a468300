// The QUOTA extension's commands (RFC 9208 section 4.1, and its formal syntax).
#include <fmt/format.h>

#include "carteiro/common/strings.hpp"
#include "parser/rules.hpp"

namespace carteiro::imap::parser {

namespace {
constexpr std::size_t kMaxQuotaResources = 16;

// quota-root-name = astring
std::string quota_root_name(Reader& r) { return r.astring(); }

// setquota-resource = resource-name SP resource-limit
// resource-name = "STORAGE" / "MESSAGE" / "MAILBOX" / "ANNOTATION-STORAGE" / resource-name-ext
// resource-limit = number64
std::pair<std::string, std::uint64_t> setquota_resource(Reader& r) {
  auto name = to_upper(r.atom());
  r.sp();
  return {std::move(name), r.number64()};
}
}  // namespace

// getquota = "GETQUOTA" SP quota-root-name
Arguments getquota(Reader& r) {
  r.sp();
  return QuotaRootArguments{quota_root_name(r)};
}

// setquota = "SETQUOTA" SP quota-root-name SP setquota-list
// setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"
Arguments setquota(Reader& r) {
  SetQuotaArguments a;
  r.sp();
  a.root = quota_root_name(r);
  r.sp();
  r.expect('(', "'(' starting the quota resources");
  if (r.accept(")")) return a;
  do {
    if (a.limits.size() >= kMaxQuotaResources) throw SyntaxError("too many quota resources");
    a.limits.push_back(setquota_resource(r));
  } while (r.accept(" "));
  r.expect(')', "')' closing the quota resources");
  return a;
}

}  // namespace carteiro::imap::parser
