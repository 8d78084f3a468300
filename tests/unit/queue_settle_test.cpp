#include <doctest/doctest.h>

#include "carteiro/queue/settle.hpp"

using namespace carteiro::queue;
using carteiro::store::QueueEntry;
using carteiro::store::QueueRecipient;

namespace {
QueueEntry entry_with(std::vector<QueueRecipient> recipients, std::string sender = "alice@local.test") {
  QueueEntry e;
  e.id = 7;
  e.sender = std::move(sender);
  e.created_at = 1000;
  e.recipients = std::move(recipients);
  return e;
}
Verdict remote_refusal() {
  Verdict v;
  v.kind = Verdict::Kind::permanent;
  v.status = "5.1.1";
  v.text = "550 5.1.1 no such user";
  v.from_remote = true;
  v.remote = "mx.remote.test[127.0.0.2]";
  v.stage = "RCPT TO";
  return v;
}
const Schedule kSchedule{10, 100, 30};
}  // namespace

TEST_CASE("queue settle: all sent, the entry is removed") {
  auto s = settle(entry_with({{1, "a@r.test", "sent", ""}, {2, "b@r.test", "sent", ""}}), {}, kSchedule, 1005);
  CHECK(s.remove);
  CHECK(s.failures.empty());
  CHECK(s.delayed.empty());
}

TEST_CASE("queue settle: a permanent failure is reported at once, the rest retried") {
  std::map<std::int64_t, Verdict> last{{1, remote_refusal()},
                                       {2, Verdict::temporary("4.4.1", "connect to mx: Connection refused")}};
  auto s = settle(entry_with({{1, "a@r.test", "failed", "x"}, {2, "b@r.test", "pending", "y"}}), last, kSchedule, 1005);
  CHECK(!s.remove);
  CHECK(s.next_attempt == 1015);
  REQUIRE(s.failures.size() == 1);
  CHECK(s.failures[0].address == "a@r.test");
  CHECK(s.failures[0].status == "5.1.1");
  CHECK(s.failures[0].remote_mta == "mx.remote.test");
  CHECK(s.failures[0].diagnostic == "550 5.1.1 no such user");
  CHECK(s.failures[0].smtp_diagnostic);
  CHECK(s.reported == std::vector<std::int64_t>{1});
  CHECK(s.last_error == "connect to mx: Connection refused");
  CHECK(s.delayed.empty());
}

TEST_CASE("queue settle: the null sender is never sent a report") {
  std::map<std::int64_t, Verdict> last{{1, remote_refusal()}};
  auto s = settle(entry_with({{1, "a@r.test", "failed", "x"}}, ""), last, kSchedule, 1005);
  CHECK(s.remove);
  CHECK(s.failures.empty());
  CHECK(s.reported.empty());
  auto late = settle(entry_with({{1, "a@r.test", "pending", "x"}}, ""), {}, kSchedule, 1040);
  CHECK(late.delayed.empty());
  auto expired = settle(entry_with({{1, "a@r.test", "pending", "x"}}, ""), {}, kSchedule, 1100);
  CHECK(expired.remove);
  CHECK(expired.failures.empty());
  CHECK(expired.expired.size() == 1);
}

TEST_CASE("queue settle: delay warning after the delay, once") {
  auto e = entry_with({{2, "b@r.test", "pending", "451 later"}});
  std::map<std::int64_t, Verdict> last{{2, Verdict::temporary("4.4.1", "refused")}};
  CHECK(settle(e, last, kSchedule, 1020).delayed.empty());
  auto s = settle(e, last, kSchedule, 1030);
  REQUIRE(s.delayed.size() == 1);
  CHECK(s.delayed[0].status == "4.4.1");
  e.warned = true;
  CHECK(settle(e, last, kSchedule, 1040).delayed.empty());
}

TEST_CASE("queue settle: expiry turns pending into failed with the last error") {
  auto e = entry_with({{2, "b@r.test", "pending", "stored reply"}, {3, "c@r.test", "sent", ""}});
  std::map<std::int64_t, Verdict> last{{2, Verdict::temporary("4.4.1", "connect refused", "mx.r.test[127.0.0.2]")}};
  auto s = settle(e, last, kSchedule, 1100);
  CHECK(s.remove);
  REQUIRE(s.expired.size() == 1);
  CHECK(s.expired[0].first == 2);
  CHECK(s.expired[0].second == "delivery time expired; last error: connect refused");
  REQUIRE(s.failures.size() == 1);
  CHECK(s.failures[0].status == "4.4.1");
  CHECK(s.failures[0].remote_mta == "mx.r.test");
  // After a restart there is no verdict in memory: the stored reply is used.
  auto restarted = settle(e, {}, kSchedule, 1100);
  REQUIRE(restarted.failures.size() == 1);
  CHECK(restarted.failures[0].status == "4.0.0");
  CHECK(restarted.failures[0].diagnostic == "stored reply");
  CHECK(!restarted.failures[0].smtp_diagnostic);
}

TEST_CASE("queue settle: failed and already bounced recipients") {
  auto s = settle(entry_with({{1, "a@r.test", "bounced", "x"}, {2, "b@r.test", "failed", "550 no"}}), {}, kSchedule, 1001);
  CHECK(s.remove);
  REQUIRE(s.failures.size() == 1);
  CHECK(s.failures[0].address == "b@r.test");
  CHECK(s.failures[0].status == "5.0.0");
}
