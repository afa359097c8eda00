// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// Boost.Cobalt boost/cobalt/task.hpp, run.hpp and thread.hpp (Boost 1.86 reference).
// Boost here is 1.74, which has no Cobalt; this is the only boost/ header faked, the rest
// come from /usr/include. Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_BOOST_COBALT_HPP
#define ASYNCGUARD_FAKE_BOOST_COBALT_HPP

#include <coroutine>
#include <exception>

namespace boost::cobalt {

template <typename T = void> class task {
public:
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
};

template <> struct task<void>::promise_type {
  task get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};

/// Runs an io_context on the calling thread until the task completes.
template <typename T> T run(task<T> t);

class thread {
public:
  void join();
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};

/// An awaitable that waits for all of its arguments (not thread::join).
template <typename... Ts> task<void> join(Ts &&...);

} // namespace boost::cobalt

#endif
