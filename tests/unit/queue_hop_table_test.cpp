#include <doctest/doctest.h>

#include "carteiro/queue/hop_table.hpp"

using namespace carteiro::queue;

namespace {

Job job_for(std::int64_t entry_id) {
  Job job;
  job.entry_id = entry_id;
  return job;
}

Route route_via(std::string host) {
  Route route;
  route.hosts.push_back(Host{std::move(host), {}});
  return route;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("queue hop table: one connection per waiting job, at most max_per_host per hop") {
  HopTable hops(2, 10);
  hops.add("mx:a", route_via("a"), job_for(1));
  CHECK(hops.connections_to_open() == Keys{"mx:a"});
  CHECK(hops.connections_to_open().empty());  // the one job has its connection
  hops.add("mx:a", route_via("a"), job_for(2));
  hops.add("mx:a", route_via("a"), job_for(3));
  CHECK(hops.connections_to_open() == Keys{"mx:a"});  // the second and last allowed
  CHECK(hops.connections() == 2);
}

TEST_CASE("queue hop table: at most max_parallel connections in all and a closed one frees a slot") {
  HopTable hops(4, 3);
  for (int i = 0; i < 3; ++i) hops.add("mx:a", route_via("a"), job_for(i));
  for (int i = 0; i < 3; ++i) hops.add("mx:b", route_via("b"), job_for(10 + i));
  CHECK(hops.connections_to_open() == Keys{"mx:a", "mx:a", "mx:a"});
  CHECK(hops.connections_to_open().empty());
  REQUIRE(hops.next_job("mx:a"));
  hops.connection_closed("mx:a");
  CHECK(hops.connections() == 2);
  // Two jobs wait for a and two connections to it are open: the freed slot goes to b.
  CHECK(hops.connections_to_open() == Keys{"mx:b"});
  CHECK(hops.connections_to_open().empty());
}

TEST_CASE("queue hop table: jobs are taken in order and the latest route wins") {
  HopTable hops(1, 1);
  hops.add("mx:a", route_via("a1"), job_for(1));
  hops.add("mx:a", route_via("a2"), job_for(2));
  hops.add("mx:a", route_via("a3"), job_for(3));
  CHECK(hops.route("mx:a").key() == "a3|");
  CHECK(hops.next_job("mx:a")->entry_id == 1);
  auto rest = hops.take_waiting("mx:a");
  REQUIRE(rest.size() == 2);
  CHECK(rest[0].entry_id == 2);
  CHECK(rest[1].entry_id == 3);
  CHECK_FALSE(hops.next_job("mx:a"));
}

TEST_CASE("queue hop table: an idle hop is forgotten and dropped jobs open nothing") {
  HopTable hops(2, 2);
  hops.add("mx:a", route_via("a"), job_for(1));
  CHECK(hops.connections_to_open() == Keys{"mx:a"});
  REQUIRE(hops.next_job("mx:a"));
  CHECK(hops.connections_to_open().empty());
  CHECK(hops.hop_count() == 1);  // its connection is still open
  hops.connection_closed("mx:a");
  CHECK(hops.connections_to_open().empty());
  CHECK(hops.hop_count() == 0);

  hops.add("mx:b", route_via("b"), job_for(2));
  hops.drop_waiting();
  CHECK(hops.connections_to_open().empty());
  CHECK(hops.connections() == 0);
}

TEST_CASE("queue hop table: a hop's waiting jobs go highest priority first, in order among equals") {
  HopTable hops(1, 10);
  auto with_priority = [](std::int64_t id, int priority) {
    Job job = job_for(id);
    job.priority = priority;
    return job;
  };
  hops.add("mx:a", route_via("a"), with_priority(1, 0));
  hops.add("mx:a", route_via("a"), with_priority(2, -4));
  hops.add("mx:a", route_via("a"), with_priority(3, 4));
  hops.add("mx:a", route_via("a"), with_priority(4, 0));
  std::vector<std::int64_t> order;
  while (auto job = hops.next_job("mx:a")) order.push_back(job->entry_id);
  CHECK(order == std::vector<std::int64_t>{3, 1, 4, 2});
}
