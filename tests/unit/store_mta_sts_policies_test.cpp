// The MTA-STS policies the queue keeps (schema/0014_mta_sts_policies.sql).
#include <doctest/doctest.h>

#include "carteiro/store/mta_sts_policies.hpp"
#include "store_test_db.hpp"

using namespace carteiro::store;

TEST_CASE("store mta-sts policies: kept by domain until they expire, replaced by a newer one") {
  TestDb t;
  CHECK_FALSE(mta_sts_policies::find(*t.db, "b.test", 100));
  mta_sts_policies::remember(*t.db, {"b.test", "id1", "version: STSv1\n", 100, 200});
  auto found = mta_sts_policies::find(*t.db, "B.test", 150);
  REQUIRE(found);
  CHECK(found->policy_id == "id1");
  CHECK(found->policy == "version: STSv1\n");
  CHECK(found->fetched_at == 100);
  CHECK(found->expires_at == 200);
  CHECK_FALSE(mta_sts_policies::find(*t.db, "b.test", 200));
  mta_sts_policies::remember(*t.db, {"b.test", "id2", "text", 300, 900});
  CHECK(mta_sts_policies::find(*t.db, "b.test", 400)->policy_id == "id2");
  mta_sts_policies::remember(*t.db, {"c.test", "x", "text", 300, 350});
  CHECK(mta_sts_policies::prune(*t.db, 360) == 1);
  CHECK_FALSE(mta_sts_policies::find(*t.db, "c.test", 0));
  CHECK(mta_sts_policies::find(*t.db, "b.test", 400));
}
