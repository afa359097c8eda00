// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// async_simple <async_simple/coro/Lazy.h>, <async_simple/coro/SyncAwait.h> and
// <async_simple/Future.h> (https://github.com/alibaba/async_simple, commit 1acf15e).
// Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_ASYNC_SIMPLE_LAZY_H
#define ASYNCGUARD_FAKE_ASYNC_SIMPLE_LAZY_H

#include <coroutine>
#include <exception>

namespace async_simple {

template <typename T> class Future {
public:
  T get() &&;
  void wait();
  bool hasResult() const;
};

namespace coro {

template <typename T = void> class [[nodiscard]] Lazy {
public:
  using ValueType = T;
  struct promise_type {
    Lazy get_return_object() { return Lazy{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit Lazy(std::coroutine_handle<promise_type> h) : m_h(h) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
  template <typename F> void start(F &&callback) &&;

private:
  std::coroutine_handle<promise_type> m_h;
};

template <> struct Lazy<void>::promise_type {
  Lazy get_return_object() { return Lazy{std::coroutine_handle<promise_type>::from_promise(*this)}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};

/// Blocks the calling thread until the Lazy completes.
template <typename LazyType> auto syncAwait(LazyType &&lazy) -> typename std::decay_t<LazyType>::ValueType;

} // namespace coro
} // namespace async_simple

#endif
