#include "carteiro/queue/runner.hpp"

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>

#include <map>
#include <set>

#include "attempt_results.hpp"
#include "carteiro/common/log.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/net/tls.hpp"
#include "carteiro/queue/jobs.hpp"
#include "carteiro/queue/schedule.hpp"
#include "carteiro/queue/dane.hpp"
#include "carteiro/queue/mta_sts_route.hpp"
#include "carteiro/store/queue_dispatch.hpp"
#include "host_workers.hpp"
#include "mta_sts_policies.hpp"
#include "route_lookup.hpp"
#include "sender_reports.hpp"
#include "stored_content.hpp"

namespace carteiro::queue {

namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxInFlight = 2000;   // entries being worked on at once
constexpr std::size_t kBatch = 500;          // entries taken per look at the table
constexpr std::chrono::seconds kStopGrace{10};
constexpr std::chrono::seconds kAbortGrace{5};

// How the sessions to the next hops are set up: the relay's own rules, or direct
// delivery to MX hosts with opportunistic TLS.
ClientOptions client_options(const Config& config, asio::ssl::context* client_tls, asio::ssl::context* verified_tls,
                             asio::ssl::context* dane_tls) {
  ClientOptions options;
  options.helo_name = config.hostname;
  options.timeouts.connect = std::chrono::seconds(config.queue.connect_timeout_s);
  if (!config.relay.host.empty()) {
    options.port = config.relay.port;
    // The admin named this host: its certificate must verify (chain and name), and
    // credentials go nowhere else (SmtpClient checks that too).
    options.tls = config.relay.starttls ? client_tls : nullptr;
    options.require_tls = config.relay.starttls;
    options.verify_peer = config.relay.starttls;
    options.username = config.relay.username;
    options.password = config.relay.password;
  } else {
    options.port = config.queue.remote_port;
    options.tls = client_tls;
    options.verified_tls = verified_tls;
    options.dane_tls = dane_tls;
  }
  return options;
}

// RFC 7672 section 3: the certificate must match a TLSA record (OpenSSL's DANE support);
// the records are given per connection.
std::unique_ptr<asio::ssl::context> make_dane_tls() {
  auto context = net::make_client_tls();
  context->set_verify_mode(asio::ssl::verify_peer);
  if (SSL_CTX_dane_enable(context->native_handle()) <= 0) throw std::runtime_error("OpenSSL cannot do DANE");
  return context;
}

}  // namespace

// Takes due entries from the store, splits them into jobs, finds each job's route, hands
// it to the host workers and settles each entry once its every job is done.
struct QueueRunner::Impl : std::enable_shared_from_this<Impl> {
  struct InFlight {
    std::size_t jobs_left = 0;
    std::map<std::int64_t, Verdict> verdicts;  // by recipient id, from this run
  };

  Impl(const Config& config, store::Store& store, delivery::Deliverer& deliverer, asio::io_context& io)
      : config_(config),
        store_(store),
        strand_(asio::make_strand(io)),
        routes_(config),
        client_tls_(relayed() ? net::make_verifying_client_tls(config.relay.ca_file) : net::make_client_tls()),
        verified_tls_(relayed() ? nullptr : net::make_verifying_client_tls(config.queue.ca_file)),
        dane_tls_(relayed() ? nullptr : make_dane_tls()),
        mta_sts_(relayed() || !config.queue.mta_sts
                     ? nullptr
                     : std::make_unique<MtaStsPolicies>(config, store, strand_, *verified_tls_)),
        schedule_(Schedule::from(config.queue)),
        reports_(store, deliverer, config.hostname, schedule_.max_age),
        workers_(strand_, client_options(config, client_tls_.get(), verified_tls_.get(), dane_tls_.get()), config.queue.max_per_host,
                 config.queue.max_parallel, worker_hooks()),
        wake_timer_(strand_) {}

  bool relayed() const { return !config_.relay.host.empty(); }

  HostWorkers::Hooks worker_hooks() {
    HostWorkers::Hooks hooks;
    hooks.spawn = [this](asio::awaitable<void> task) { spawn(std::move(task)); };
    hooks.deliver = [this](SmtpClient& client, const Job& job) { return deliver(client, job); };
    hooks.fail = [this](const Job& job, const Verdict& verdict) {
      return record(job, std::vector<Verdict>(job.recipients.size(), verdict));
    };
    hooks.done = [this](std::int64_t entry_id) { job_done(entry_id); };
    return hooks;
  }

  // Every coroutine of the runner runs on the strand through here, counted for stop().
  void spawn(asio::awaitable<void> task) {
    ++tasks_;
    asio::co_spawn(strand_, std::move(task), [self = shared_from_this()](std::exception_ptr error) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          log::error("queue: {}", e.what());
        }
      }
      --self->tasks_;
    });
  }

  void start() {
    auto weak = weak_from_this();
    // Called on the store's writer thread with its events lock held: only post.
    subscription_ = store_.events().subscribe(store::Events::kQueue, [strand = strand_, weak] {
      asio::post(strand, [weak] {
        if (auto self = weak.lock()) self->wake();
      });
    });
    spawn(run());
    log::info("queue: started ({})", relayed() ? "relay " + config_.relay.host + ":" + std::to_string(config_.relay.port)
                                                : "direct delivery by MX, port " + std::to_string(config_.queue.remote_port));
  }

  void wake() {
    woken_ = true;
    wake_timer_.cancel();
  }

  // The loop: start what is due, then sleep until the next due entry, the next poll, or
  // a wake (something queued, a delivery slot freed).
  asio::awaitable<void> run() {
    while (!stopping_) {
      woken_ = false;
      // The admin CLI is another process and publishes no events: look at the table at
      // least this often ([queue] poll_interval).
      const std::int64_t poll = config_.queue.poll_interval_s;
      std::int64_t delay = poll;
      try {
        co_await dispatch();
        auto now = unix_now();
        auto next_query = [now](store::Db& db) { return store::queue::next_due_after(db, now); };
        auto next = co_await store_.read(std::move(next_query));
        if (next) delay = std::clamp<std::int64_t>(*next - now, 0, poll);
      } catch (const std::exception& e) {
        log::error("queue: cannot read the queue: {}", e.what());
      }
      if (woken_ || stopping_) continue;
      planned_wake_ = unix_now() + delay;
      wake_timer_.expires_after(std::chrono::seconds(delay));
      co_await wake_timer_.async_wait(kNoThrow);
    }
  }

  asio::awaitable<void> dispatch() {
    if (stopping_) co_return;
    if (in_flight_.size() >= kMaxInFlight) {
      backlog_ = true;
      co_return;
    }
    std::set<std::int64_t> busy;
    for (const auto& [id, state] : in_flight_) busy.insert(id);
    const auto limit = std::min(kBatch, kMaxInFlight - in_flight_.size());
    const auto now = unix_now();
    auto due_query = [now, busy = std::move(busy), limit](store::Db& db) {
      return store::queue::due_except(db, now, busy, static_cast<int>(limit));
    };
    auto due = co_await store_.read(std::move(due_query));
    if (stopping_) co_return;
    for (auto& entry : due) start_entry(std::move(entry));
    if (due.size() == limit) {
      // More may be due: look again at once if there is room, else when there is.
      if (in_flight_.size() < kMaxInFlight) woken_ = true;
      else backlog_ = true;
    }
  }

  // Splits the entry's pending recipients by destination domain (or all to the relay).
  void start_entry(store::QueueEntry entry) {
    const auto id = entry.id;
    auto jobs = jobs_by_domain(std::move(entry), relayed());
    auto& state = in_flight_[id];
    state.jobs_left = jobs.size();
    if (jobs.empty()) {
      spawn(settle_entry(id));
      return;
    }
    for (auto& [domain, job] : jobs) spawn(route_job(std::move(job), domain));
  }

  asio::awaitable<void> route_job(Job job, std::string domain) {
    Route route;
    try {
      route = co_await routes_.route_for(domain);
    } catch (const std::exception& e) {
      route = Route::failure(Route::Outcome::temporary, "4.4.3", std::string("DNS lookup failed: ") + e.what());
    }
    // RFC 8461: a relay is not subject to the recipient domain's policy (the admin chose it).
    // RFC 8461 section 2: where the MX hosts have DANE, DANE decides, not MTA-STS.
    if (mta_sts_ && route.outcome == Route::Outcome::ok && !domain.starts_with('[') && !has_dane(route)) {
      auto policy = co_await mta_sts_->policy_for(domain);
      if (policy) {
        auto applied = apply_mta_sts(std::move(route), domain, *policy);
        for (const auto& note : applied.notes) log::info("queue: {}", note);
        route = std::move(applied.route);
      }
    }
    if (stopping_) co_return;
    if (route.outcome != Route::Outcome::ok) {
      std::vector<Verdict> verdicts(job.recipients.size(), route_verdict(route));
      co_await record(job, verdicts);
      job_done(job.entry_id);
      co_return;
    }
    auto key = hop_key(route, relayed());
    workers_.add(key, std::move(route), std::move(job));
  }

  asio::awaitable<void> deliver(SmtpClient& client, const Job& job) {
    try {
      auto content = co_await open_stored(store_, job.content);
      if (!content) co_return;  // deleted from the queue meanwhile (carteiro queue del)
      OutboundMessage message{job.sender, {}, std::move(content), job.priority};
      for (const auto& r : job.recipients) message.recipients.push_back(r.address);
      auto verdicts = co_await client.send(message);
      // Durability: each recipient's result is committed right after the remote's reply
      // to the final "." and before the next MAIL FROM, so a crash or restart never sends
      // again what a server took. What remains is the window between that 250 and the
      // commit (a few milliseconds of fsync): a crash exactly there sends the message
      // once more on restart, RFC 5321 section 6.1's accepted risk of duplicates over loss.
      co_await record(job, verdicts);
    } catch (const std::exception& e) {
      // Unrecorded recipients stay pending and are tried again.
      log::error("queue: {}: delivery failed: {}", job.entry_id, e.what());
    }
  }

  asio::awaitable<void> record(const Job& job, std::vector<Verdict> verdicts) {
    co_await record_results(store_, job, verdicts);
    auto state = in_flight_.find(job.entry_id);
    if (state == in_flight_.end()) co_return;
    for (std::size_t i = 0; i < job.recipients.size() && i < verdicts.size(); ++i)
      state->second.verdicts[job.recipients[i].id] = verdicts[i];
  }

  void job_done(std::int64_t entry_id) {
    auto state = in_flight_.find(entry_id);
    if (state == in_flight_.end()) return;
    if (--state->second.jobs_left == 0) spawn(settle_entry(entry_id));
  }

  // After every job of the entry is done: give up, report, retry later or remove.
  asio::awaitable<void> settle_entry(std::int64_t id) {
    // Stopping: leave the entry due as it is; the next start takes it up again.
    if (!stopping_) {
      try {
        auto settling = settle_attempt(store_, reports_, schedule_, id, in_flight_[id].verdicts);
        auto next_attempt = co_await std::move(settling);
        if (next_attempt && *next_attempt < planned_wake_) wake();
      } catch (const std::exception& e) {
        log::error("queue: {}: cannot settle: {}", id, e.what());
      }
    }
    in_flight_.erase(id);
    if (backlog_ && in_flight_.size() < kMaxInFlight / 2) {
      backlog_ = false;
      wake();
    }
  }

  asio::awaitable<void> shutdown() {
    stopping_ = true;
    subscription_.reset();
    wake_timer_.cancel();
    workers_.stop();  // jobs not started stay queued
    asio::steady_timer poll(strand_);
    auto wait_for_tasks = [&](std::chrono::seconds grace) -> asio::awaitable<void> {
      auto deadline = std::chrono::steady_clock::now() + grace;
      while (tasks_ > 0 && std::chrono::steady_clock::now() < deadline) {
        poll.expires_after(std::chrono::milliseconds(20));
        co_await poll.async_wait(kNoThrow);
      }
    };
    auto graceful = wait_for_tasks(kStopGrace);
    co_await std::move(graceful);
    if (tasks_ > 0) {
      log::info("queue: closing {} delivery connection(s) still busy", workers_.open_connections());
      workers_.abort_all();
      auto forced = wait_for_tasks(kAbortGrace);
      co_await std::move(forced);
    }
    log::info("queue: stopped");
  }

  const Config& config_;
  store::Store& store_;
  asio::strand<asio::io_context::executor_type> strand_;
  RouteLookup routes_;
  std::unique_ptr<asio::ssl::context> client_tls_;
  std::unique_ptr<asio::ssl::context> verified_tls_;  // MX hosts under an MTA-STS policy
  std::unique_ptr<asio::ssl::context> dane_tls_;      // MX hosts with DANE TLSA records
  std::unique_ptr<MtaStsPolicies> mta_sts_;           // nullptr: [queue] mta_sts off, or relayed
  Schedule schedule_;
  SenderReports reports_;
  HostWorkers workers_;
  asio::steady_timer wake_timer_;
  store::Events::Subscription subscription_;

  // All of the following only on the strand.
  std::map<std::int64_t, InFlight> in_flight_;
  std::size_t tasks_ = 0;
  bool stopping_ = false;
  bool woken_ = false;
  bool backlog_ = false;
  std::int64_t planned_wake_ = 0;
};

QueueRunner::QueueRunner(const Config& config, store::Store& store, delivery::Deliverer& deliverer,
                         asio::io_context& io)
    : impl_(std::make_shared<Impl>(config, store, deliverer, io)) {}
QueueRunner::~QueueRunner() = default;
QueueRunner::QueueRunner(QueueRunner&&) noexcept = default;
QueueRunner& QueueRunner::operator=(QueueRunner&&) noexcept = default;

void QueueRunner::start() {
  auto impl = impl_;
  asio::post(impl->strand_, [impl] { impl->start(); });
}

asio::awaitable<void> QueueRunner::stop() {
  if (!impl_) co_return;
  auto impl = impl_;
  auto stopping = asio::co_spawn(impl->strand_, impl->shutdown(), asio::use_awaitable);
  co_await std::move(stopping);
}

}  // namespace carteiro::queue
