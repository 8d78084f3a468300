#include "host_workers.hpp"

namespace carteiro::queue {

HostWorkers::HostWorkers(Strand strand, ClientOptions options, unsigned max_per_host, unsigned max_parallel,
                         Hooks hooks)
    : strand_(std::move(strand)),
      options_(std::move(options)),
      hops_(max_per_host, max_parallel),
      hooks_(std::move(hooks)) {}

void HostWorkers::add(const std::string& key, Route route, Job job) {
  hops_.add(key, std::move(route), std::move(job));
  start_workers();
}

void HostWorkers::stop() {
  stopping_ = true;
  hops_.drop_waiting();
}

void HostWorkers::abort_all() {
  for (auto* client : clients_) client->abort();
}

// Opens connections where jobs wait, within max_per_host per hop and max_parallel in all.
void HostWorkers::start_workers() {
  if (stopping_) return;
  for (auto& key : hops_.connections_to_open()) hooks_.spawn(worker(key));
}

// One connection to one hop, carrying its waiting jobs one after another.
asio::awaitable<void> HostWorkers::worker(std::string key) {
  SmtpClient client(strand_, options_);
  clients_.insert(&client);
  for (;;) {
    if (stopping_) break;
    auto job = hops_.next_job(key);
    if (!job) break;
    if (!client.usable()) {
      Route route = hops_.route(key);
      auto failure = co_await client.open(route);
      if (failure) {
        // Every job waiting for this hop would meet the same failure now.
        std::vector<Job> failed;
        failed.push_back(std::move(*job));
        for (auto& waiting : hops_.take_waiting(key)) failed.push_back(std::move(waiting));
        for (auto& j : failed) {
          auto failing = hooks_.fail(j, *failure);
          co_await std::move(failing);
          hooks_.done(j.entry_id);
        }
        break;
      }
    }
    auto delivering = hooks_.deliver(client, *job);
    co_await std::move(delivering);
    hooks_.done(job->entry_id);
  }
  co_await client.quit();
  clients_.erase(&client);
  hops_.connection_closed(key);
  start_workers();
}

}  // namespace carteiro::queue
