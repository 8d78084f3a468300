#pragma once
// The jobs waiting for each next hop and the connections open to it, within the limits
// of [queue] max_per_host (per hop) and max_parallel (in all). Pure bookkeeping: the
// caller opens the connections it is told to and reports when each one closes.
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "carteiro/queue/jobs.hpp"
#include "carteiro/queue/route.hpp"

namespace carteiro::queue {

class HopTable {
 public:
  HopTable(unsigned max_per_host, unsigned max_parallel) : max_per_host_(max_per_host), max_parallel_(max_parallel) {}

  // JOB waits for a connection to the hop KEY, reached by ROUTE (the latest lookup wins).
  void add(const std::string& key, Route route, Job job);
  // The hops to open one more connection to now, a key once per connection, counted as
  // open: no more connections to a hop than jobs wait for it, and within the limits.
  // Hops with nothing waiting and no connection are forgotten.
  std::vector<std::string> connections_to_open();
  // A connection to KEY closed.
  void connection_closed(const std::string& key);

  // The next job waiting for KEY, taken off the table: the highest priority, the first
  // added among equals; nullopt when none waits.
  std::optional<Job> next_job(const std::string& key);
  // Every job waiting for KEY, taken off the table (a connection to it just failed).
  std::vector<Job> take_waiting(const std::string& key);
  // The route to KEY, a hop with a connection or a job.
  const Route& route(const std::string& key) const { return hops_.at(key).route; }
  // Forgets every waiting job (shutdown: they stay queued in the store).
  void drop_waiting();

  unsigned connections() const { return connections_; }
  std::size_t hop_count() const { return hops_.size(); }

 private:
  struct Hop {
    Route route;
    std::deque<Job> waiting;
    unsigned connections = 0;
  };
  unsigned max_per_host_;
  unsigned max_parallel_;
  std::map<std::string, Hop> hops_;
  unsigned connections_ = 0;
};

}  // namespace carteiro::queue
