#include <doctest/doctest.h>

#include "carteiro/queue/schedule.hpp"

using carteiro::queue::Schedule;

TEST_CASE("queue schedule: defaults follow the classic MTAs") {
  auto s = Schedule::from(carteiro::QueueConfig{});
  CHECK(s.retry_interval == 1800);
  CHECK(s.max_age == 4 * 24 * 3600);
  CHECK(s.delay_warning == 4 * 3600);
}

TEST_CASE("queue schedule: retries every interval, last attempt at the give-up time") {
  Schedule s{2, 7, 3};
  std::int64_t created = 1000;
  CHECK(s.next_attempt(created, 1000) == 1002);
  CHECK(s.next_attempt(created, 1004) == 1006);
  CHECK(s.next_attempt(created, 1006) == 1007);  // capped at created + max_age
  CHECK(!s.expired(created, 1006));
  CHECK(s.expired(created, 1007));
  CHECK(s.next_attempt(created, 1010) == 1011);  // never in the past
}

TEST_CASE("queue schedule: delay warning once, after the delay, not when giving up") {
  Schedule s{2, 10, 4};
  CHECK(!s.warning_due(0, 3, false));
  CHECK(s.warning_due(0, 4, false));
  CHECK(!s.warning_due(0, 5, true));
  CHECK(!s.warning_due(0, 10, false));
  Schedule never{2, 10, 0};
  CHECK(!never.warning_due(0, 5, false));
  Schedule too_late{2, 10, 10};
  CHECK(!too_late.warning_due(0, 10, false));
}
