#include "carteiro/queue/hop_table.hpp"

#include <algorithm>

namespace carteiro::queue {

void HopTable::add(const std::string& key, Route route, Job job) {
  auto& hop = hops_[key];
  hop.route = std::move(route);
  hop.waiting.push_back(std::move(job));
}

std::vector<std::string> HopTable::connections_to_open() {
  std::vector<std::string> keys;
  for (auto it = hops_.begin(); it != hops_.end();) {
    auto& hop = it->second;
    while (hop.connections < hop.waiting.size() && hop.connections < max_per_host_ && connections_ < max_parallel_) {
      ++hop.connections;
      ++connections_;
      keys.push_back(it->first);
    }
    if (hop.waiting.empty() && hop.connections == 0) it = hops_.erase(it);
    else ++it;
  }
  return keys;
}

void HopTable::connection_closed(const std::string& key) {
  --hops_.at(key).connections;
  --connections_;
}

std::optional<Job> HopTable::next_job(const std::string& key) {
  auto& waiting = hops_.at(key).waiting;
  if (waiting.empty()) return std::nullopt;
  auto first = std::max_element(waiting.begin(), waiting.end(),
                                [](const Job& a, const Job& b) { return a.priority < b.priority; });
  Job job = std::move(*first);
  waiting.erase(first);
  return job;
}

std::vector<Job> HopTable::take_waiting(const std::string& key) {
  auto& waiting = hops_.at(key).waiting;
  std::vector<Job> jobs(std::make_move_iterator(waiting.begin()), std::make_move_iterator(waiting.end()));
  waiting.clear();
  return jobs;
}

void HopTable::drop_waiting() {
  for (auto& [key, hop] : hops_) hop.waiting.clear();
}

}  // namespace carteiro::queue
