#pragma once
// The bridge between a coroutine and blocking work on threads of its own (the store's
// reader and writer threads, a thread pool): the job runs there, and the coroutine resumes
// on its own executor with the job's result or its exception.
//
//   auto start = [&queue](auto job) { queue.push([job](Db& db) { job.complete(db); }); };
//   Row row = co_await await_job<Row>(std::move(fn), std::move(start));
//
// START is called once, at the co_await, with a PendingJob: a cheap copyable handle that
// holds FN and the waiting coroutine. Whoever runs the job calls either complete(args...)
// (run FN, then resume with what it returned or threw), or run(args...) and later finish()
// when the result is only good after a further step (the writer's COMMIT).
//
// The executor's context (the io_context) must outlive the threads that run jobs: finish()
// still holds a copy of the executor for a moment after the coroutine may have resumed.
#include <asio/async_result.hpp>
#include <asio/associated_executor.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace carteiro {

namespace detail {
// Where a job's result waits for the coroutine (void jobs leave a flag).
template <typename R>
using JobResult = std::optional<std::conditional_t<std::is_void_v<R>, bool, R>>;
}  // namespace detail

template <typename R, typename F, typename Handler>
class PendingJob {
 public:
  PendingJob(Handler handler, F fn) : state_(std::make_shared<State>(std::move(handler), std::move(fn))) {}

  // Runs the job and keeps its result; an exception propagates to the caller, who must
  // still call finish() (with it, or with what it became).
  template <typename... Args>
  void run(Args&&... args) const {
    if constexpr (std::is_void_v<R>) {
      state_->fn(std::forward<Args>(args)...);
      state_->result.emplace(true);
    } else {
      state_->result.emplace(state_->fn(std::forward<Args>(args)...));
    }
  }

  // Resumes the coroutine on its own executor: with ERROR thrown there if there is one
  // (any result is dropped), else with the result of run(). Called exactly once.
  void finish(std::exception_ptr error = nullptr) const {
    std::shared_ptr<State> s = state_;
    s->error = error;
    if (error) s->result.reset();
    auto executor = asio::get_associated_executor(s->handler);
    asio::post(executor, [s]() mutable { std::move(s->handler)(s->error, std::move(s->result)); });
  }

  // run() then finish(), with whatever the job threw.
  template <typename... Args>
  void complete(Args&&... args) const noexcept {
    std::exception_ptr error;
    try {
      run(std::forward<Args>(args)...);
    } catch (...) {
      error = std::current_exception();
    }
    finish(error);
  }

 private:
  struct State {
    State(Handler h, F f) : handler(std::move(h)), fn(std::move(f)) {}
    Handler handler;
    F fn;
    detail::JobResult<R> result;
    std::exception_ptr error;
  };
  std::shared_ptr<State> state_;
};

template <typename R, typename F, typename Start>
asio::awaitable<R> await_job(F fn, Start start) {
  using Result = detail::JobResult<R>;
  auto initiate = [](auto handler, F f, Start s) {
    s(PendingJob<R, F, decltype(handler)>(std::move(handler), std::move(f)));
  };
  Result out = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, Result)>(
      initiate, asio::use_awaitable, std::move(fn), std::move(start));
  if constexpr (!std::is_void_v<R>) co_return std::move(*out);
}

}  // namespace carteiro
