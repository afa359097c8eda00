// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// cppcoro <cppcoro/task.hpp> (https://github.com/lewissbaker/cppcoro, master 2020).
#ifndef ASYNCGUARD_FAKE_CPPCORO_TASK_HPP
#define ASYNCGUARD_FAKE_CPPCORO_TASK_HPP

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace cppcoro {

template <typename T = void> class task;

namespace detail {

struct task_final_awaitable {
  bool await_ready() const noexcept { return false; }
  template <typename Promise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept {
    if (std::coroutine_handle<> next = h.promise().m_continuation)
      return next;
    return std::noop_coroutine();
  }
  void await_resume() noexcept {}
};

class task_promise_base {
public:
  std::suspend_always initial_suspend() noexcept { return {}; }
  task_final_awaitable final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { m_exception = std::current_exception(); }
  void set_continuation(std::coroutine_handle<> continuation) noexcept {
    m_continuation = continuation;
  }
  std::coroutine_handle<> m_continuation;
  std::exception_ptr m_exception;
};

template <typename T> class task_promise final : public task_promise_base {
public:
  task<T> get_return_object() noexcept;
  template <typename U = T> void return_value(U &&value) { m_value.emplace(std::forward<U>(value)); }
  T result() {
    if (m_exception)
      std::rethrow_exception(m_exception);
    return std::move(*m_value);
  }

private:
  std::optional<T> m_value;
};

template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() {
    if (m_exception)
      std::rethrow_exception(m_exception);
  }
};

} // namespace detail

template <typename T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  explicit task(std::coroutine_handle<promise_type> coroutine) : m_coroutine(coroutine) {}
  task(task &&t) noexcept : m_coroutine(std::exchange(t.m_coroutine, {})) {}
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (m_coroutine)
      m_coroutine.destroy();
  }

  bool is_ready() const noexcept { return !m_coroutine || m_coroutine.done(); }

  struct awaitable {
    std::coroutine_handle<promise_type> m_coroutine;
    bool await_ready() const noexcept { return !m_coroutine || m_coroutine.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
      m_coroutine.promise().set_continuation(awaiting);
      return m_coroutine;
    }
    T await_resume() { return m_coroutine.promise().result(); }
  };

  awaitable operator co_await() const & noexcept { return awaitable{m_coroutine}; }
  awaitable operator co_await() const && noexcept { return awaitable{m_coroutine}; }

private:
  std::coroutine_handle<promise_type> m_coroutine;
};

namespace detail {
template <typename T> task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise>::from_promise(*this)};
}
} // namespace detail

} // namespace cppcoro

#endif
