#include <doctest/doctest.h>

#include <string>

#include "carteiro/delivery/plan.hpp"
#include "carteiro/delivery/priority.hpp"
#include "carteiro/store/domains.hpp"
#include "carteiro/store/queue.hpp"
#include "carteiro/store/queue_dispatch.hpp"
#include "store_test_db.hpp"

using namespace carteiro;
using namespace carteiro::delivery;

TEST_CASE("delivery priority: read from the header fields mail clients write") {
  CHECK(header_priority("Priority: urgent\r\n\r\n") == kUrgentPriority);
  CHECK(header_priority("Priority: Non-Urgent\r\n\r\n") == kNonUrgentPriority);
  CHECK(header_priority("Importance: high\r\n\r\n") == kUrgentPriority);
  CHECK(header_priority("Importance: Low\r\n\r\n") == kNonUrgentPriority);
  CHECK(header_priority("Importance: normal\r\n\r\n") == kNormalPriority);
  CHECK(header_priority("X-Priority: 1 (Highest)\r\n\r\n") == kUrgentPriority);
  CHECK(header_priority("X-Priority: 2\r\n\r\n") == kUrgentPriority);
  CHECK(header_priority("X-Priority: 3 (Normal)\r\n\r\n") == kNormalPriority);
  CHECK(header_priority("X-Priority: 5\r\n\r\n") == kNonUrgentPriority);
  // Priority (the MIXER field itself) wins over Importance, which wins over X-Priority.
  CHECK(header_priority("X-Priority: 1\r\nImportance: low\r\n\r\n") == kNonUrgentPriority);
  CHECK(header_priority("Importance: high\r\nPriority: non-urgent\r\n\r\n") == kNonUrgentPriority);
  // A folded value.
  CHECK(header_priority("Importance:\r\n high\r\n\r\n") == kUrgentPriority);
  // Nothing we know: no priority; an unknown value does not hide a later known field.
  for (std::string_view none : {"", "Subject: urgent\r\n\r\n", "X-Priority: 0\r\n\r\n", "X-Priority: 10\r\n\r\n",
                                "X-Priority: 6\r\n\r\n", "Importance: very\r\n\r\n", "Priority: \xff\r\n\r\n",
                                "\r\nImportance: high\r\n", "Subject: x\r\n\r\nImportance: high\r\n"})
    CHECK_FALSE_MESSAGE(header_priority(none), none);
  CHECK(header_priority("Importance: very\r\nX-Priority: 4\r\n\r\n") == kNonUrgentPriority);
}

TEST_CASE("delivery priority: queued with the entry, due entries highest first") {
  TestDb t;
  store::domains::add(*t.db, "example.test");
  auto queue = [&](int priority, const char* rcpt) {
    Envelope e{"a@example.test", {rcpt}, "ID", priority};
    std::string text = "Subject: p\r\n\r\nx\r\n";
    auto plan = plan_delivery(*t.db, e, Message{{}, text});
    CHECK(plan.priority == priority);
    store::WriteTx tx{*t.db, {}};
    store_copies(tx, plan, Message{{}, text}, {});
  };
  queue(0, "one@remote.test");
  queue(-4, "two@remote.test");
  queue(4, "three@remote.test");
  queue(9, "four@remote.test");
  auto due = store::queue::due(*t.db, INT64_MAX, 10);
  REQUIRE(due.size() == 4);
  CHECK(due[0].priority == 9);
  CHECK(due[1].priority == 4);
  CHECK(due[2].priority == 0);
  CHECK(due[3].priority == -4);
  auto dispatched = store::queue::due_except(*t.db, INT64_MAX, {due[0].id}, 2);
  REQUIRE(dispatched.size() == 2);
  CHECK(dispatched[0].recipients.at(0).address == "three@remote.test");
  CHECK(dispatched[1].recipients.at(0).address == "one@remote.test");
  // Out of range: clamped by the store.
  store::queue::enqueue(*t.db, due[0].content_id, "", {"x@remote.test"}, std::nullopt, 42);
  CHECK(store::queue::list(*t.db).back().priority == 9);
}
