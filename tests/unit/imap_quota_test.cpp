// The QUOTA extension (RFC 9208): its commands' grammar and the QUOTA response.
#include <doctest/doctest.h>

#include "carteiro/imap/quota.hpp"
#include "imap_test_support.hpp"

using namespace carteiro::imap;
using carteiro::store::AccountQuota;

TEST_CASE("imap parser: GETQUOTAROOT, GETQUOTA and SETQUOTA") {
  CHECK(parsed("a GETQUOTAROOT inbox").args<MailboxArguments>().mailbox == "INBOX");
  CHECK(parsed("a getquotaroot \"Sent Items\"").args<MailboxArguments>().mailbox == "Sent Items");
  CHECK(parsed("a GETQUOTA \"\"").args<QuotaRootArguments>().root.empty());
  CHECK(parsed("a GETQUOTA {4+}\r\nroot").args<QuotaRootArguments>().root == "root");
  auto set = parsed("a SETQUOTA \"\" (storage 512 MESSAGE 1000)").args<SetQuotaArguments>();
  CHECK(set.root.empty());
  REQUIRE(set.limits.size() == 2);
  CHECK(set.limits[0].first == "STORAGE");
  CHECK(set.limits[0].second == 512);
  CHECK(set.limits[1].first == "MESSAGE");
  CHECK(set.limits[1].second == 1000);
  CHECK(parsed("a SETQUOTA \"\" ()").args<SetQuotaArguments>().limits.empty());

  CHECK(parse_error("a GETQUOTAROOT").tag == "a");
  CHECK(parse_error("a GETQUOTA").tag == "a");
  CHECK(parse_error("a GETQUOTA \"\" extra").tag == "a");
  CHECK(parse_error("a SETQUOTA \"\"").tag == "a");
  CHECK(parse_error("a SETQUOTA \"\" (STORAGE)").tag == "a");
  CHECK(parse_error("a SETQUOTA \"\" (STORAGE x)").tag == "a");
  CHECK(parse_error("a SETQUOTA \"\" (STORAGE 1").tag == "a");
  CHECK(parse_error("a UID GETQUOTA \"\"").tag == "a");
}

TEST_CASE("imap parser: STATUS DELETED and DELETED-STORAGE") {
  auto s = parsed("a STATUS INBOX (DELETED deleted-storage MESSAGES)").args<StatusArguments>();
  CHECK(s.items == std::vector<StatusItem>{StatusItem::deleted, StatusItem::deleted_storage, StatusItem::messages});
}

TEST_CASE("imap quota: STORAGE in units of 1024 octets, only limited resources listed") {
  CHECK(storage_units(0) == 0);
  CHECK(storage_units(1) == 1);
  CHECK(storage_units(1024) == 1);
  CHECK(storage_units(1025) == 2);
  AccountQuota q;
  q.used = {3000, 4};
  CHECK_FALSE(quota_list(q));
  q.limits.storage = 100 * 1024;
  CHECK(quota_response(q) == "QUOTA \"\" (STORAGE 3 100)");
  q.limits.messages = 10;
  CHECK(quota_response(q) == "QUOTA \"\" (STORAGE 3 100 MESSAGE 4 10)");
  q.limits.storage.reset();
  CHECK(quota_list(q) == "(MESSAGE 4 10)");
}
