#pragma once
// offload: run a blocking or CPU-heavy call on a pool, resume on the loop.

#include "asyncguard/rt/blocking_pool.hpp"
#include "asyncguard/rt/event_loop.hpp"

#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace asyncguard::rt {

namespace detail {

template <class R> class offload_result {
public:
  offload_result() noexcept {}
  offload_result(const offload_result &) = delete;
  ~offload_result() {
    if (m_has_value)
      m_value.~R();
  }
  template <class F> void emplace(F &fn) {
    ::new (static_cast<void *>(std::addressof(m_value))) R(std::invoke(fn));
    m_has_value = true;
  }
  R take() { return std::move(m_value); }

private:
  union {
    R m_value;
  };
  bool m_has_value = false;
};

template <class R> class offload_result<R &> {
public:
  template <class F> void emplace(F &fn) { m_ptr = std::addressof(std::invoke(fn)); }
  R &take() noexcept { return *m_ptr; }

private:
  R *m_ptr = nullptr;
};

template <> class offload_result<void> {
public:
  template <class F> void emplace(F &fn) { std::invoke(fn); }
  void take() noexcept {}
};

} // namespace detail

/// Awaitable returned by offload(). Suspends the awaiting coroutine, runs the
/// callable on the pool and resumes the coroutine on the loop thread it was
/// awaited on (or, awaited off any loop, on the pool thread). `co_await`
/// yields the callable's result or rethrows its exception; it also throws
/// pool_overloaded / pool_closed when the pool refuses the call.
///
/// While the call runs it may reference the coroutine's frame, so an
/// event_loop waits for running offloads before destroying its tasks.
template <class Pool, class F> class [[nodiscard]] offload_awaiter {
public:
  using result_type = std::invoke_result_t<F &>;

  template <class G>
  offload_awaiter(Pool &pool, G &&fn) : m_pool(&pool), m_fn(std::forward<G>(fn)) {}
  offload_awaiter(const offload_awaiter &) = delete;
  offload_awaiter &operator=(const offload_awaiter &) = delete;

  bool await_ready() const noexcept { return false; }

  bool await_suspend(std::coroutine_handle<> h) noexcept {
    m_handle = h;
    m_loop = event_loop::current();
    if (m_loop)
      detail::loop_access::begin_offload(*m_loop);
    try {
      m_pool->submit([this]() noexcept { run(); });
    } catch (...) {
      m_error = std::current_exception();
      if (m_loop)
        detail::loop_access::abort_offload(*m_loop);
      return false;
    }
    return true;
  }

  result_type await_resume() {
    if (m_error)
      std::rethrow_exception(m_error);
    return m_result.take();
  }

private:
  void run() noexcept {
    try {
      m_result.emplace(m_fn);
    } catch (...) {
      m_error = std::current_exception();
    }
    // The completion is published under the loop's inbox lock, which orders
    // the writes above before the loop thread reads them.
    if (m_loop)
      detail::loop_access::complete_offload(*m_loop, m_handle);
    else
      m_handle.resume();
  }

  Pool *m_pool;
  F m_fn;
  event_loop *m_loop = nullptr;
  std::coroutine_handle<> m_handle;
  std::exception_ptr m_error;
  detail::offload_result<result_type> m_result;
};

/// `co_await offload(pool, fn)`: runs `fn()` on `pool` (a thread_pool,
/// blocking_pool, or anything with `submit(callable)`), resumes on the
/// caller's loop thread with its result or exception. `fn` is moved into the
/// awaitable; a lambda capturing by reference is fine since the awaiting
/// frame stays suspended until `fn` has returned.
template <class Pool, class F>
[[nodiscard]] offload_awaiter<Pool, std::decay_t<F>> offload(Pool &pool, F &&fn) {
  return offload_awaiter<Pool, std::decay_t<F>>(pool, std::forward<F>(fn));
}

/// `co_await offload(fn)`: runs `fn()` on default_blocking_pool(). This is
/// the analyzer's fix target:
/// `co_await asyncguard::rt::offload([&] { return EXPR; })`.
template <class F>
[[nodiscard]] offload_awaiter<blocking_pool, std::decay_t<F>> offload(F &&fn) {
  return offload_awaiter<blocking_pool, std::decay_t<F>>(default_blocking_pool(),
                                                         std::forward<F>(fn));
}

} // namespace asyncguard::rt
