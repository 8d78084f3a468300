#pragma once
// The store as the daemon's sessions use it: blocking SQLite work runs on the store's own
// threads, never on an I/O thread, and the session's coroutine resumes on its executor.
//
//   auto account = co_await store.read([&](Db& db) { return accounts::find(db, name); });
//   co_await store.write([&](WriteTx& tx) { ... tx.db ...; tx.touch(mailbox_id); });
//
// Writes go to one writer thread that batches whatever requests are waiting into one
// transaction (group commit): N sessions finishing DATA at once pay one fsync. Each
// request runs in its own SAVEPOINT, so one that throws is rolled back alone and its
// exception is rethrown in its session; the others commit. A write's co_await returns only
// after the COMMIT is durable (synchronous=FULL by default).
#include <asio/async_result.hpp>
#include <asio/associated_executor.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include "carteiro/store/db.hpp"
#include "carteiro/store/events.hpp"

namespace carteiro::store {

struct StoreOptions {
  std::filesystem::path file;
  std::string synchronous = "full";
  bool group_commit = true;
  unsigned read_connections = 4;
  unsigned max_batch = 512;
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
  void submit_read(Job job);
  void submit_write(WriteJob job);
  void reader_loop(unsigned index);
  void writer_loop();
  void run_batch(std::vector<WriteJob>& batch);

  StoreOptions options_;
  Events events_;
  std::unique_ptr<Db> writer_db_;
  std::vector<std::unique_ptr<Db>> reader_dbs_;

  mutable std::mutex mutex_;
  std::condition_variable read_cv_, write_cv_;
  std::deque<Job> reads_;
  std::deque<WriteJob> writes_;
  bool stopping_ = false;
  StoreStats stats_;
  std::vector<std::thread> readers_;
  std::thread writer_;
};

namespace detail {
template <typename R>
using Slot = std::optional<std::conditional_t<std::is_void_v<R>, bool, R>>;

template <typename R, typename F, typename Arg>
Slot<R> call(F& fn, Arg& arg) {
  if constexpr (std::is_void_v<R>) {
    fn(arg);
    return Slot<R>(true);
  } else {
    return Slot<R>(fn(arg));
  }
}

// Holds a coroutine's completion handler while the job runs on a store thread, then
// resumes the coroutine on its own executor with the result or the exception.
template <typename Handler, typename F, typename R>
struct Pending {
  Handler handler;
  F fn;
  Slot<R> value;
  std::exception_ptr error;
  Pending(Handler h, F f) : handler(std::move(h)), fn(std::move(f)) {}
  static void resume(std::shared_ptr<Pending> self) {
    auto ex = asio::get_associated_executor(self->handler);
    asio::post(ex, [self]() mutable { std::move(self->handler)(self->error, std::move(self->value)); });
  }
};
}  // namespace detail

template <typename F>
auto Store::read(F fn) -> asio::awaitable<std::invoke_result_t<F&, Db&>> {
  using R = std::invoke_result_t<F&, Db&>;
  using Slot = detail::Slot<R>;
  auto initiate = [this](auto handler, F f) {
    using P = detail::Pending<decltype(handler), F, R>;
    auto p = std::make_shared<P>(std::move(handler), std::move(f));
    submit_read([p](Db& db) {
      try {
        p->value = detail::call<R>(p->fn, db);
      } catch (...) {
        p->error = std::current_exception();
      }
      P::resume(p);
    });
  };
  Slot out = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, Slot)>(
      initiate, asio::use_awaitable, std::move(fn));
  if constexpr (!std::is_void_v<R>) co_return std::move(*out);
}

template <typename F>
auto Store::write(F fn) -> asio::awaitable<std::invoke_result_t<F&, WriteTx&>> {
  using R = std::invoke_result_t<F&, WriteTx&>;
  using Slot = detail::Slot<R>;
  auto initiate = [this](auto handler, F f) {
    using P = detail::Pending<decltype(handler), F, R>;
    auto p = std::make_shared<P>(std::move(handler), std::move(f));
    submit_write(WriteJob{
        [p](WriteTx& tx) { p->value = detail::call<R>(p->fn, tx); },
        [p](std::exception_ptr error) {
          p->error = error;
          if (error) p->value.reset();
          P::resume(p);
        }});
  };
  Slot out = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, Slot)>(
      initiate, asio::use_awaitable, std::move(fn));
  if constexpr (!std::is_void_v<R>) co_return std::move(*out);
}

}  // namespace carteiro::store
