#pragma once
// Runs blocking work (password hashing, DNS lookups) on a thread pool and resumes the
// calling coroutine on its own executor with the result or the exception.
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>

#include <type_traits>

#include "carteiro/common/await_job.hpp"

namespace carteiro {

template <typename F>
auto offload(asio::thread_pool& pool, F fn) -> asio::awaitable<std::invoke_result_t<F&>> {
  auto start = [&pool](auto job) { asio::post(pool, [job] { job.complete(); }); };
  return await_job<std::invoke_result_t<F&>>(std::move(fn), std::move(start));
}

}  // namespace carteiro
