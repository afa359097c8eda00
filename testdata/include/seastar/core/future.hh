// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// Seastar include/seastar/core/future.hh and thread.hh (https://github.com/scylladb/seastar).
// Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_SEASTAR_FUTURE_HH
#define ASYNCGUARD_FAKE_SEASTAR_FUTURE_HH

#include <coroutine>
#include <exception>

namespace seastar {

template <typename T = void> class future {
public:
  struct promise_type {
    future get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() { std::terminate(); }
  };
  /// Needs the future to be available, or a seastar::thread to wait in.
  T get();
  void wait() noexcept;
  bool available() const noexcept;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
};

template <> struct future<void>::promise_type {
  future get_return_object() { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};

template <typename T> future<T> make_ready_future(T value);

/// Runs `func` in a new seastar::thread, where future::get() may wait.
template <typename Func> auto async(Func &&func) -> future<decltype(func())> { return {}; }

} // namespace seastar

#endif
