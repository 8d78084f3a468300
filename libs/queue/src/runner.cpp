#include "carteiro/queue/runner.hpp"

#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>

#include <deque>
#include <map>
#include <random>
#include <set>

#include "carteiro/common/log.hpp"
#include "carteiro/common/offload.hpp"
#include "carteiro/common/strings.hpp"
#include "carteiro/common/time.hpp"
#include "carteiro/delivery/dsn.hpp"
#include "carteiro/delivery/report.hpp"
#include "carteiro/net/tls.hpp"
#include "carteiro/queue/destination.hpp"
#include "carteiro/queue/route.hpp"
#include "carteiro/queue/schedule.hpp"
#include "carteiro/queue/settle.hpp"
#include "carteiro/queue/smtp_client.hpp"
#include "carteiro/queue/unbound_resolver.hpp"
#include "carteiro/store/queue_dispatch.hpp"
#include "stored_content.hpp"

namespace carteiro::queue {

namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxInFlight = 2000;   // entries being worked on at once
constexpr std::size_t kBatch = 500;          // entries taken per look at the table
constexpr std::chrono::seconds kRouteCacheTtl{30};
constexpr std::chrono::seconds kStopGrace{10};
constexpr std::chrono::seconds kAbortGrace{5};
constexpr std::int64_t kReturnedHeaderMax = 64 * 1024;
constexpr unsigned kDnsThreads = 2;

std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? std::string() : to_lower(address.substr(at + 1));
}

std::string_view status_for(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::delivered: return kSent;
    case Verdict::Kind::permanent: return kFailed;
    case Verdict::Kind::temporary: return kPending;
  }
  return kPending;
}

Verdict route_verdict(const Route& route) {
  return route.outcome == Route::Outcome::permanent ? Verdict::permanent(route.status, route.reason)
                                                    : Verdict::temporary(route.status, route.reason);
}

}  // namespace

// One entry's recipients that share a next hop: one SMTP transaction.
struct Job {
  std::int64_t entry_id = 0;
  store::queue::QueuedContent content;
  std::string sender;
  std::vector<store::QueueRecipient> recipients;
};

struct QueueRunner::Impl : std::enable_shared_from_this<Impl> {
  struct InFlight {
    std::size_t jobs_left = 0;
    std::map<std::int64_t, Verdict> verdicts;  // by recipient id, from this run
  };
  struct Hop {
    Route route;
    std::deque<Job> waiting;
    unsigned connections = 0;
  };
  struct CachedRoute {
    Route route;
    std::chrono::steady_clock::time_point expires;
  };

  Impl(const Config& config, store::Store& store, delivery::Deliverer& deliverer, asio::io_context& io)
      : config_(config),
        store_(store),
        deliverer_(deliverer),
        strand_(asio::make_strand(io)),
        dns_pool_(kDnsThreads),
        resolver_(std::make_unique<UnboundResolver>(config.dns.servers)),
        client_tls_(relayed() ? net::make_verifying_client_tls(config.relay.ca_file) : net::make_client_tls()),
        schedule_(Schedule::from(config.queue)),
        rng_(std::random_device{}()),
        wake_timer_(strand_) {
    options_.helo_name = config.hostname;
    options_.timeouts.connect = std::chrono::seconds(config.queue.connect_timeout_s);
    if (relayed()) {
      options_.port = config.relay.port;
      // The admin named this host: its certificate must verify (chain and name), and
      // credentials go nowhere else (SmtpClient checks that too).
      options_.tls = config.relay.starttls ? client_tls_.get() : nullptr;
      options_.require_tls = config.relay.starttls;
      options_.verify_peer = config.relay.starttls;
      options_.username = config.relay.username;
      options_.password = config.relay.password;
    } else {
      options_.port = config.queue.remote_port;
      options_.tls = client_tls_.get();
    }
  }

  bool relayed() const { return !config_.relay.host.empty(); }

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
    std::map<std::string, Job> jobs;
    for (auto& r : entry.recipients) {
      if (r.status != kPending) continue;
      auto& job = jobs[relayed() ? std::string() : domain_of(r.address)];
      job.entry_id = entry.id;
      job.content = store::queue::QueuedContent{entry.id, entry.content_id, entry.created_at};
      job.sender = entry.sender;
      job.recipients.push_back(std::move(r));
    }
    auto& state = in_flight_[entry.id];
    state.jobs_left = jobs.size();
    if (jobs.empty()) {
      spawn(settle_entry(entry.id));
      return;
    }
    for (auto& [domain, job] : jobs) spawn(route_job(std::move(job), domain));
  }

  asio::awaitable<Route> route_for(const std::string& domain) {
    auto now = std::chrono::steady_clock::now();
    auto cached = routes_.find(domain);
    if (cached != routes_.end() && cached->second.expires > now) co_return cached->second.route;
    auto* resolver = resolver_.get();
    auto seed = rng_();
    auto lookup = [resolver, domain, seed, local = config_.hostname, relay = config_.relay.host,
                   allow_private = config_.queue.allow_private_destinations]() {
      std::mt19937 rng(seed);
      if (!relay.empty()) return route_to_relay(*resolver, relay);  // configured: may be private
      auto route = route_by_mx(*resolver, domain, local, rng);
      return allow_private ? route : drop_non_public_destinations(std::move(route), domain);
    };
    // libunbound blocks: its calls run on their own threads, never on an I/O thread.
    Route route = co_await offload(dns_pool_, std::move(lookup));
    if (route.outcome == Route::Outcome::ok) routes_[domain] = CachedRoute{route, now + kRouteCacheTtl};
    co_return route;
  }

  asio::awaitable<void> route_job(Job job, std::string domain) {
    Route route;
    try {
      route = co_await route_for(domain);
    } catch (const std::exception& e) {
      route = Route::failure(Route::Outcome::temporary, "4.4.3", std::string("DNS lookup failed: ") + e.what());
    }
    if (stopping_) co_return;
    if (route.outcome != Route::Outcome::ok) {
      std::vector<Verdict> verdicts(job.recipients.size(), route_verdict(route));
      co_await record(job, verdicts);
      job_done(job.entry_id);
      co_return;
    }
    auto key = (relayed() ? "relay:" : "mx:") + route.key();
    auto& hop = hops_[key];
    hop.route = std::move(route);
    hop.waiting.push_back(std::move(job));
    pump();
  }

  // Opens connections where jobs wait, within max_per_host per hop and max_parallel in all.
  void pump() {
    for (auto it = hops_.begin(); it != hops_.end();) {
      auto& hop = it->second;
      while (!stopping_ && hop.connections < hop.waiting.size() && hop.connections < config_.queue.max_per_host &&
             connections_ < config_.queue.max_parallel) {
        ++hop.connections;
        ++connections_;
        spawn(worker(it->first));
      }
      if (hop.waiting.empty() && hop.connections == 0) it = hops_.erase(it);
      else ++it;
    }
  }

  // One connection to one hop, carrying its waiting jobs one after another.
  asio::awaitable<void> worker(std::string key) {
    SmtpClient client(strand_, options_);
    clients_.insert(&client);
    for (;;) {
      auto& hop = hops_.at(key);
      if (stopping_ || hop.waiting.empty()) break;
      Job job = std::move(hop.waiting.front());
      hop.waiting.pop_front();
      if (!client.usable()) {
        Route route = hop.route;
        auto failure = co_await client.open(route);
        if (failure) {
          // Every job waiting for this hop would meet the same failure now.
          std::vector<Job> failed;
          failed.push_back(std::move(job));
          auto& same = hops_.at(key);
          while (!same.waiting.empty()) {
            failed.push_back(std::move(same.waiting.front()));
            same.waiting.pop_front();
          }
          for (auto& j : failed) {
            std::vector<Verdict> verdicts(j.recipients.size(), *failure);
            co_await record(j, verdicts);
            job_done(j.entry_id);
          }
          break;
        }
      }
      co_await deliver(client, job);
      job_done(job.entry_id);
    }
    co_await client.quit();
    clients_.erase(&client);
    auto& hop = hops_.at(key);
    --hop.connections;
    --connections_;
    pump();
  }

  asio::awaitable<void> deliver(SmtpClient& client, const Job& job) {
    try {
      auto content = co_await open_stored(store_, job.content);
      if (!content) co_return;  // deleted from the queue meanwhile (carteiro queue del)
      OutboundMessage message{job.sender, {}, std::move(content)};
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

  asio::awaitable<void> record(const Job& job, const std::vector<Verdict>& verdicts) {
    struct Row {
      std::int64_t id;
      std::string_view status;
      std::string reply;
    };
    std::vector<Row> rows;
    for (std::size_t i = 0; i < job.recipients.size() && i < verdicts.size(); ++i) {
      const auto& v = verdicts[i];
      rows.push_back(Row{job.recipients[i].id, status_for(v.kind), v.describe()});
      log::info("queue: {} <{}>: {} ({})", job.entry_id, job.recipients[i].address, status_for(v.kind), v.describe());
    }
    auto write = [rows](store::WriteTx& tx) {
      for (const auto& row : rows) store::queue::set_recipient(tx.db, row.id, row.status, row.reply);
    };
    try {
      co_await store_.write(std::move(write));
    } catch (const std::exception& e) {
      // The recipients stay pending as stored: tried again (a delivered one may then be
      // sent twice, never lost).
      log::error("queue: {}: cannot record the results: {}", job.entry_id, e.what());
    }
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
    try {
      co_await settle_now(id);
    } catch (const std::exception& e) {
      log::error("queue: {}: cannot settle: {}", id, e.what());
    }
    in_flight_.erase(id);
    if (backlog_ && in_flight_.size() < kMaxInFlight / 2) {
      backlog_ = false;
      wake();
    }
  }

  asio::awaitable<void> settle_now(std::int64_t id) {
    // Stopping: leave the entry due as it is; the next start takes it up again.
    if (stopping_) co_return;
    auto find_query = [id](store::Db& db) { return store::queue::find(db, id); };
    auto entry = co_await store_.read(std::move(find_query));
    if (!entry) co_return;  // deleted meanwhile
    const auto now = unix_now();
    auto s = settle(*entry, in_flight_[id].verdicts, schedule_, now);

    std::map<std::int64_t, std::string> replies;
    for (const auto& r : entry->recipients) replies[r.id] = r.last_reply;
    if (!s.expired.empty()) {
      // Failed, durably, before anyone is told.
      auto expire = [expired = s.expired](store::WriteTx& tx) {
        for (const auto& [rid, reply] : expired) store::queue::set_recipient(tx.db, rid, kFailed, reply);
      };
      co_await store_.write(std::move(expire));
      for (const auto& [rid, reply] : s.expired) {
        replies[rid] = reply;
        log::info("queue: {}: recipient {} given up: {}", id, rid, reply);
      }
    }
    bool reported = true;
    if (!s.failures.empty()) reported = co_await report(*entry, delivery::DsnKind::failure, s.failures, now);
    else if (entry->sender.empty() && !s.remove) log::debug("queue: {}: null sender, failures are not reported", id);
    bool warned = false;
    if (!s.delayed.empty()) warned = co_await report(*entry, delivery::DsnKind::delay, s.delayed, now);

    // A crash between the report's commit above and this one reports these failures a
    // second time after the restart; never zero times.
    auto finish = [id, s, reported, warned, replies, now, retry = schedule_.retry_interval](store::WriteTx& tx) {
      if (reported)
        for (auto rid : s.reported) store::queue::set_recipient(tx.db, rid, kBounced, replies.at(rid));
      if (s.remove && reported) {
        store::queue::remove(tx.db, id);
        return;
      }
      if (s.remove)  // the failure report could not be stored: try that again later
        store::queue::reschedule(tx.db, id, now + retry, "the failure report could not be stored");
      else
        store::queue::reschedule(tx.db, id, s.next_attempt, s.last_error);
      if (warned) store::queue::mark_warned(tx.db, id);
    };
    co_await store_.write(std::move(finish));
    if (s.remove && reported) log::info("queue: {}: done, removed from the queue", id);
    else if (!s.remove) log::info("queue: {}: will try again at {}", id, rfc5322_date(s.next_attempt));
    if (!s.remove && s.next_attempt < planned_wake_) wake();
  }

  // Stores a DSN in the sender's mailbox (or queues it to a remote sender, with the null
  // sender so that it is never bounced in turn). False when it could not be stored.
  asio::awaitable<bool> report(const store::QueueEntry& entry, delivery::DsnKind kind, const std::vector<delivery::DsnRecipient>& recipients,
                               std::int64_t now) {
    try {
      auto start_query = [id = entry.id](store::Db& db) {
        return store::queue::message_start(db, id, kReturnedHeaderMax);
      };
      auto start = co_await store_.read(std::move(start_query));
      delivery::DsnInput input;
      input.kind = kind;
      input.reporting_mta = config_.hostname;
      input.sender = entry.sender;
      input.message_id = "<dsn." + std::to_string(entry.id) + "." + std::to_string(now) + "." + hex_token() + "@" +
                         config_.hostname + ">";
      input.arrival_date = entry.created_at;
      input.date = now;
      input.will_retry_until = entry.created_at + schedule_.max_age;
      input.original_headers = std::string(delivery::header_section(start.value_or("")));
      input.recipients = recipients;
      auto delivering = delivery::deliver_report(deliverer_, input);
      auto delivered = co_await std::move(delivering);
      if (delivered.local + delivered.remote == 0) {
        // The sender no longer resolves (an account removed since): nobody to tell.
        log::warn("queue: {}: the report to <{}> has nowhere to go", entry.id, entry.sender);
        co_return true;
      }
      log::info("queue: {}: {} report for {} recipient(s) sent to <{}> ({})", entry.id,
                kind == delivery::DsnKind::failure ? "failure" : "delay", recipients.size(), entry.sender, delivered.id);
      co_return true;
    } catch (const std::exception& e) {
      log::error("queue: {}: cannot store the report to <{}>: {}", entry.id, entry.sender, e.what());
      co_return false;
    }
  }

  std::string hex_token() {
    std::uint64_t value = (static_cast<std::uint64_t>(rng_()) << 32) | rng_();
    std::string bytes(reinterpret_cast<const char*>(&value), sizeof value);
    return hex(bytes);
  }

  asio::awaitable<void> shutdown() {
    stopping_ = true;
    subscription_.reset();
    wake_timer_.cancel();
    for (auto& [key, hop] : hops_) hop.waiting.clear();  // not started: they stay queued
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
      log::info("queue: closing {} delivery connection(s) still busy", clients_.size());
      for (auto* client : clients_) client->abort();
      auto forced = wait_for_tasks(kAbortGrace);
      co_await std::move(forced);
    }
    log::info("queue: stopped");
  }

  const Config& config_;
  store::Store& store_;
  delivery::Deliverer& deliverer_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::thread_pool dns_pool_;
  std::unique_ptr<Resolver> resolver_;
  std::unique_ptr<asio::ssl::context> client_tls_;
  ClientOptions options_;
  Schedule schedule_;
  std::mt19937 rng_;
  asio::steady_timer wake_timer_;
  store::Events::Subscription subscription_;

  // All of the following only on the strand.
  std::map<std::int64_t, InFlight> in_flight_;
  std::map<std::string, Hop> hops_;
  std::map<std::string, CachedRoute> routes_;
  std::set<SmtpClient*> clients_;
  unsigned connections_ = 0;
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
