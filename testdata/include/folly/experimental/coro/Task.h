// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// folly v2023.x <folly/experimental/coro/Task.h> (https://github.com/facebook/folly).
// No executors: a Task here starts when awaited and resumes its awaiter inline.
#ifndef ASYNCGUARD_FAKE_FOLLY_CORO_TASK_H
#define ASYNCGUARD_FAKE_FOLLY_CORO_TASK_H

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace folly {
namespace coro {

template <typename T = void> class Task;

namespace detail {

class TaskPromiseBase {
public:
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> coro) noexcept {
      if (std::coroutine_handle<> next = coro.promise().continuation_)
        return next;
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  std::coroutine_handle<> continuation_;
  std::exception_ptr exception_;
};

template <typename T> class TaskPromise final : public TaskPromiseBase {
public:
  Task<T> get_return_object() noexcept;
  template <typename U = T> void return_value(U &&value) { result_.emplace(std::forward<U>(value)); }
  T result() {
    if (exception_)
      std::rethrow_exception(exception_);
    return std::move(*result_);
  }

private:
  std::optional<T> result_;
};

template <> class TaskPromise<void> final : public TaskPromiseBase {
public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() {
    if (exception_)
      std::rethrow_exception(exception_);
  }
};

} // namespace detail

template <typename T> class [[nodiscard]] Task {
public:
  using promise_type = detail::TaskPromise<T>;
  using handle_t = std::coroutine_handle<promise_type>;

  explicit Task(handle_t coro) noexcept : coro_(coro) {}
  Task(Task &&t) noexcept : coro_(std::exchange(t.coro_, {})) {}
  Task(const Task &) = delete;
  ~Task() {
    if (coro_)
      coro_.destroy();
  }

  class Awaiter {
  public:
    explicit Awaiter(handle_t coro) noexcept : coro_(coro) {}
    bool await_ready() noexcept { return !coro_ || coro_.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> continuation) noexcept {
      coro_.promise().continuation_ = continuation;
      return coro_;
    }
    T await_resume() { return coro_.promise().result(); }

  private:
    handle_t coro_;
  };

  Awaiter operator co_await() && noexcept { return Awaiter{coro_}; }

private:
  handle_t coro_;
};

namespace detail {
template <typename T> Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<TaskPromise>::from_promise(*this)};
}
inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>{std::coroutine_handle<TaskPromise>::from_promise(*this)};
}
} // namespace detail

} // namespace coro
} // namespace folly

#endif
