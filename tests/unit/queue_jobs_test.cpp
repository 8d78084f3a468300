#include <doctest/doctest.h>

#include "carteiro/queue/jobs.hpp"
#include "carteiro/queue/settle.hpp"

using namespace carteiro::queue;
using carteiro::store::QueueEntry;
using carteiro::store::QueueRecipient;

namespace {

QueueEntry entry_with(std::vector<QueueRecipient> recipients) {
  QueueEntry e;
  e.id = 7;
  e.content_id = 70;
  e.sender = "alice@local.test";
  e.created_at = 1000;
  e.recipients = std::move(recipients);
  return e;
}

std::vector<std::string> addresses(const Job& job) {
  std::vector<std::string> out;
  for (const auto& r : job.recipients) out.push_back(r.address);
  return out;
}

Route route_via(std::vector<std::string> hosts) {
  Route route;
  for (auto& name : hosts) route.hosts.push_back(Host{std::move(name), {}});
  return route;
}

}  // namespace

TEST_CASE("queue jobs: pending recipients grouped by domain, case folded") {
  auto jobs = jobs_by_domain(entry_with({{1, "bob@Remote.test", "pending", ""},
                                         {2, "carol@other.test", "pending", ""},
                                         {3, "dave@remote.TEST", "pending", ""},
                                         {4, "erin@remote.test", "sent", ""},
                                         {5, "frank@other.test", "failed", ""},
                                         {6, "grace@other.test", "bounced", ""}}),
                             false);
  REQUIRE(jobs.size() == 2);
  CHECK(addresses(jobs.at("remote.test")) == std::vector<std::string>{"bob@Remote.test", "dave@remote.TEST"});
  CHECK(addresses(jobs.at("other.test")) == std::vector<std::string>{"carol@other.test"});
  const auto& job = jobs.at("remote.test");
  CHECK(job.entry_id == 7);
  CHECK(job.sender == "alice@local.test");
  CHECK(job.content.queue_id == 7);
  CHECK(job.content.content_id == 70);
  CHECK(job.content.created_at == 1000);
  CHECK(job.recipients[1].id == 3);
}

TEST_CASE("queue jobs: through a relay every pending recipient is one job") {
  auto jobs = jobs_by_domain(entry_with({{1, "bob@remote.test", "pending", ""}, {2, "carol@other.test", "pending", ""}}),
                             true);
  REQUIRE(jobs.size() == 1);
  CHECK(addresses(jobs.at("")) == std::vector<std::string>{"bob@remote.test", "carol@other.test"});
}

TEST_CASE("queue jobs: nothing pending means no job, and an address without a domain groups under \"\"") {
  CHECK(jobs_by_domain(entry_with({{1, "bob@remote.test", "sent", ""}}), false).empty());
  auto jobs = jobs_by_domain(entry_with({{1, "postmaster", "pending", ""}}), false);
  REQUIRE(jobs.size() == 1);
  CHECK(jobs.count("") == 1);
}

TEST_CASE("queue jobs: domains with the same hosts share a hop key, relay and MX keys differ") {
  auto a = route_via({"mx1.example.test", "mx2.example.test"});
  auto b = route_via({"mx1.example.test", "mx2.example.test"});
  auto c = route_via({"mx2.example.test", "mx1.example.test"});
  CHECK(hop_key(a, false) == hop_key(b, false));
  CHECK(hop_key(a, false) != hop_key(c, false));
  CHECK(hop_key(a, false) != hop_key(a, true));
  CHECK(hop_key(a, false) == "mx:mx1.example.test|mx2.example.test|");
  CHECK(hop_key(route_via({"relay.test"}), true) == "relay:relay.test|");
}

TEST_CASE("queue jobs: a failed route is every recipient's verdict and verdicts map to statuses") {
  auto permanent = route_verdict(Route::failure(Route::Outcome::permanent, "5.1.10", "null MX"));
  CHECK(permanent.kind == Verdict::Kind::permanent);
  CHECK(permanent.status == "5.1.10");
  CHECK(permanent.describe() == "null MX");
  auto temporary = route_verdict(Route::failure(Route::Outcome::temporary, "4.4.3", "DNS lookup failed: timeout"));
  CHECK(temporary.kind == Verdict::Kind::temporary);
  CHECK(temporary.status == "4.4.3");

  CHECK(recipient_status(Verdict::Kind::delivered) == kSent);
  CHECK(recipient_status(Verdict::Kind::permanent) == kFailed);
  CHECK(recipient_status(Verdict::Kind::temporary) == kPending);
}
