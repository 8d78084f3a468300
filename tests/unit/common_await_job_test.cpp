// await_job: a job runs on a thread of its own and the coroutine that waits for it resumes
// on its own executor (here a strand on the test's thread) with the result or the exception.
#include <doctest/doctest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/strand.hpp>
#include <asio/thread_pool.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "carteiro/common/await_job.hpp"
#include "carteiro/common/offload.hpp"

using namespace carteiro;

namespace {

using Strand = asio::strand<asio::io_context::executor_type>;

// Where the job and the coroutine ran.
struct Trace {
  std::thread::id job_thread;
  bool resumed_on_strand = false;
  std::thread::id resumed_thread;
};

// A coroutine on a strand of an io_context that this thread drives, and a pool for its
// jobs. The pool is declared last so that it is joined first: a pool thread still letting go
// of its copy of the strand's executor must not outlive the io_context.
struct Bench {
  asio::io_context io;
  Strand strand = asio::make_strand(io);
  asio::thread_pool pool;

  explicit Bench(std::size_t threads = 1) : pool(threads) {}

  // Runs the coroutine MAKE_AWAIT(strand) makes until it is done.
  template <typename MakeAwait>
  void run(MakeAwait make_await) {
    asio::co_spawn(strand, make_await(strand), asio::detached);
    io.run();
  }

  // A start that runs the job on the pool, as the store's threads and offload() do.
  auto on_pool() {
    return [this](auto job) { asio::post(pool, [job] { job.complete(); }); };
  }
};

}  // namespace

TEST_CASE("await_job: the job's result comes back, resumed on the caller's strand") {
  Bench bench;
  Trace trace;
  std::optional<std::string> got;
  bench.run([&](Strand strand) -> asio::awaitable<void> {
    auto job = [&trace] {
      trace.job_thread = std::this_thread::get_id();
      return std::string("done");
    };
    auto start = bench.on_pool();
    std::string value = co_await await_job<std::string>(job, start);
    got = value;
    trace.resumed_on_strand = strand.running_in_this_thread();
    trace.resumed_thread = std::this_thread::get_id();
  });
  CHECK(got == "done");
  CHECK(trace.job_thread != std::this_thread::get_id());
  CHECK(trace.resumed_on_strand);
  CHECK(trace.resumed_thread == std::this_thread::get_id());
}

TEST_CASE("await_job: a void job resumes the caller once it has run") {
  Bench bench;
  bool ran = false;
  bool resumed_on_strand = false;
  bench.run([&](Strand strand) -> asio::awaitable<void> {
    auto job = [&ran] { ran = true; };
    auto start = bench.on_pool();
    co_await await_job<void>(job, start);
    resumed_on_strand = strand.running_in_this_thread() && ran;
  });
  CHECK(ran);
  CHECK(resumed_on_strand);
}

TEST_CASE("await_job: what the job throws is thrown in the caller, on its strand") {
  Bench bench;
  std::string caught;
  bool caught_on_strand = false;
  bench.run([&](Strand strand) -> asio::awaitable<void> {
    auto job = []() -> int { throw std::runtime_error("disk on fire"); };
    auto start = bench.on_pool();
    try {
      co_await await_job<int>(job, start);
    } catch (const std::runtime_error& e) {
      caught = e.what();
      caught_on_strand = strand.running_in_this_thread();
    }
  });
  CHECK(caught == "disk on fire");
  CHECK(caught_on_strand);
}

TEST_CASE("await_job: run() then finish() hands back the result only when finish() has no error") {
  // As the store's writer does: run the job, then resume only after a further step (the
  // COMMIT), which may still fail and then replaces the result with its error.
  Bench bench;
  std::optional<int> committed;
  std::string failed;
  bench.run([&](Strand) -> asio::awaitable<void> {
    auto job = [](int x) { return x * 2; };
    auto commit_ok = [&bench](auto pending) {
      asio::post(bench.pool, [pending] {
        pending.run(21);
        pending.finish();
      });
    };
    int value = co_await await_job<int>(job, commit_ok);
    committed = value;
    auto commit_fails = [&bench](auto pending) {
      asio::post(bench.pool, [pending] {
        pending.run(21);
        pending.finish(std::make_exception_ptr(std::runtime_error("commit failed")));
      });
    };
    try {
      co_await await_job<int>(job, commit_fails);
    } catch (const std::runtime_error& e) {
      failed = e.what();
    }
  });
  CHECK(committed == 42);
  CHECK(failed == "commit failed");
}

TEST_CASE("offload: blocking work on a thread pool, resumed on the caller's strand") {
  Bench bench(2);
  std::optional<int> got;
  bool resumed_on_strand = false;
  std::thread::id job_thread;
  bench.run([&](Strand strand) -> asio::awaitable<void> {
    auto hash = [&job_thread] {
      job_thread = std::this_thread::get_id();
      return 7;
    };
    int value = co_await offload(bench.pool, hash);
    got = value;
    resumed_on_strand = strand.running_in_this_thread();
  });
  CHECK(got == 7);
  CHECK(job_thread != std::this_thread::get_id());
  CHECK(resumed_on_strand);
}
