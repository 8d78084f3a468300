#pragma once
// Runs blocking work (password hashing) on a thread pool and resumes the calling coroutine
// on its own executor with the result or the exception.
#include <asio/async_result.hpp>
#include <asio/associated_executor.hpp>
#include <asio/post.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>

namespace carteiro {

template <typename F>
auto offload(asio::thread_pool& pool, F fn) -> asio::awaitable<std::invoke_result_t<F&>> {
  using R = std::invoke_result_t<F&>;
  static_assert(!std::is_void_v<R>, "offload needs a result");
  using Slot = std::optional<R>;
  auto initiate = [&pool](auto handler, F f) {
    using H = decltype(handler);
    struct State {
      H handler;
      F fn;
      Slot value;
      std::exception_ptr error;
    };
    auto s = std::make_shared<State>(State{std::move(handler), std::move(f), std::nullopt, nullptr});
    asio::post(pool, [s] {
      try {
        s->value.emplace(s->fn());
      } catch (...) {
        s->error = std::current_exception();
      }
      auto ex = asio::get_associated_executor(s->handler);
      asio::post(ex, [s]() mutable { std::move(s->handler)(s->error, std::move(s->value)); });
    });
  };
  Slot out = co_await asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr, Slot)>(
      initiate, asio::use_awaitable, std::move(fn));
  co_return std::move(*out);
}

}  // namespace carteiro
