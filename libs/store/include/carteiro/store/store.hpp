#pragma once
// The store as the daemon's sessions use it: blocking SQLite work runs on the store's own
// threads, never on an I/O thread, and the session's coroutine resumes on its executor.
//
//   auto account = co_await store.read([&](Db& db) { return accounts::find(db, name); });
//   auto hits = co_await store.read_heavy([&](Db& db) { return search_every_body(db); });
//   co_await store.write([&](WriteTx& tx) { ... tx.db ...; tx.touch(mailbox_id); });
//
// Writes go to one writer thread that batches whatever requests are waiting into one
// transaction (group commit): N sessions finishing DATA at once pay one fsync. Each
// request runs in its own SAVEPOINT, so one that throws is rolled back alone and its
// exception is rethrown in its session; the others commit. A write's co_await returns only
// after the COMMIT is durable (synchronous=FULL by default).
//
// Reads go in two lanes, each with its own connections and threads. read() is for light
// work that every session needs promptly (account lookups, RCPT checks, SELECT, a piece
// of a message); read_heavy() for work that scans message bodies (SEARCH over text, the
// queue's look through a message before sending). However many heavy reads pile up, they
// wait for each other, never for or in front of a login.
#include <asio/awaitable.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

#include "carteiro/common/await_job.hpp"
#include "carteiro/store/db.hpp"
#include "carteiro/store/events.hpp"

namespace carteiro::store {

struct StoreOptions {
  std::filesystem::path file;
  std::string synchronous = "full";
  bool group_commit = true;
  unsigned read_connections = 4;
  unsigned max_batch = 512;
  unsigned heavy_read_connections = 2;
};

// What a write request gets: the writer's connection, inside a savepoint, and a way to say
// which topics (mailboxes, the queue) changed, announced once the commit is durable.
struct WriteTx {
  Db& db;
  std::vector<std::int64_t> touched;
  void touch(std::int64_t topic) { touched.push_back(topic); }
};

struct StoreStats {
  std::uint64_t commits = 0;
  std::uint64_t requests = 0;
};

class Store {
 public:
  // Opens the file, migrates it, and starts the writer and reader threads.
  explicit Store(StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  template <typename F>
  auto read(F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>>;
  template <typename F>
  auto read_heavy(F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>>;
  template <typename F>
  auto write(F fn) -> asio::awaitable<std::invoke_result_t<F&, WriteTx&>>;

  Events& events() { return events_; }
  StoreStats stats() const;
  const StoreOptions& options() const { return options_; }
  // Finishes queued work and stops the threads (also done by the destructor).
  void close();

 private:
  using Job = std::function<void(Db&)>;
  struct WriteJob {
    std::function<void(WriteTx&)> run;
    std::function<void(std::exception_ptr)> done;
  };
  // Read connections, one thread each, serving one queue.
  struct ReadLane {
    std::deque<Job> jobs;
    std::condition_variable ready;
    std::vector<std::unique_ptr<Db>> dbs;
    std::vector<std::thread> threads;
  };
  template <typename F>
  auto read_in(ReadLane& lane, F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>>;
  void open_connections(ReadLane& lane, unsigned count);
  void submit_read(ReadLane& lane, Job job);
  void submit_write(WriteJob job);
  void reader_loop(ReadLane& lane, Db& db);
  void writer_loop();
  void run_batch(std::vector<WriteJob>& batch);

  StoreOptions options_;
  Events events_;
  std::unique_ptr<Db> writer_db_;

  mutable std::mutex mutex_;
  std::condition_variable write_cv_;
  ReadLane light_reads_, heavy_reads_;
  std::deque<WriteJob> writes_;
  bool stopping_ = false;
  StoreStats stats_;
  std::thread writer_;
};

template <typename F>
auto Store::read(F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>> {
  return read_in(light_reads_, std::move(fn));
}

template <typename F>
auto Store::read_heavy(F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>> {
  return read_in(heavy_reads_, std::move(fn));
}

template <typename F>
auto Store::read_in(ReadLane& lane, F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>> {
  auto start = [this, &lane](auto job) { submit_read(lane, [job](Db& db) { job.complete(db); }); };
  return await_job<std::invoke_result_t<F&, Db&>>(std::move(fn), std::move(start));
}

template <typename F>
auto Store::write(F fn) -> asio::awaitable<std::invoke_result_t<F&, WriteTx&>> {
  // The writer runs the job inside its savepoint (an exception rolls back that savepoint
  // alone) and resumes the session only once the batch's COMMIT is durable, or failed.
  auto start = [this](auto job) {
    submit_write(WriteJob{[job](WriteTx& tx) { job.run(tx); }, [job](std::exception_ptr error) { job.finish(error); }});
  };
  return await_job<std::invoke_result_t<F&, WriteTx&>>(std::move(fn), std::move(start));
}

}  // namespace carteiro::store
