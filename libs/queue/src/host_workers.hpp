#pragma once
// The connections to next hops: jobs wait for their hop (HopTable), workers open
// connections within the limits, and each worker carries its hop's waiting jobs one after
// another over one SMTP session. What a job's delivery means for the store is the
// runner's business, reached through the hooks.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/strand.hpp>

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "carteiro/queue/hop_table.hpp"
#include "carteiro/queue/jobs.hpp"
#include "carteiro/queue/smtp_client.hpp"

namespace carteiro::queue {

class HostWorkers {
 public:
  using Strand = asio::strand<asio::io_context::executor_type>;
  struct Hooks {
    // Runs a worker coroutine on the strand (the runner counts them for its shutdown).
    std::function<void(asio::awaitable<void>)> spawn;
    // Sends JOB over CLIENT's open session and records the verdicts.
    std::function<asio::awaitable<void>(SmtpClient& client, const Job& job)> deliver;
    // Records VERDICT for every recipient of JOB: no session to its hop could be opened.
    std::function<asio::awaitable<void>(const Job& job, const Verdict& verdict)> fail;
    // JOB is finished, whatever became of it.
    std::function<void(std::int64_t entry_id)> done;
  };

  // Everything runs on STRAND; OPTIONS for every session; at most MAX_PER_HOST
  // connections to one hop and MAX_PARALLEL in all.
  HostWorkers(Strand strand, ClientOptions options, unsigned max_per_host, unsigned max_parallel, Hooks hooks);

  // JOB is to go to the hop KEY by ROUTE: starts a worker when the limits allow.
  void add(const std::string& key, Route route, Job job);
  // Starts no further job; the waiting ones are forgotten (they stay queued in the store).
  void stop();
  // The connections open now.
  std::size_t open_connections() const { return clients_.size(); }
  // Closes every connection still open; their pending operations end with a failure.
  void abort_all();

 private:
  void start_workers();
  asio::awaitable<void> worker(std::string key);

  Strand strand_;
  ClientOptions options_;
  HopTable hops_;
  Hooks hooks_;
  std::set<SmtpClient*> clients_;
  bool stopping_ = false;
};

}  // namespace carteiro::queue
