#pragma once
// task<T>: the lazy coroutine type of the runtime.

#include <cassert>
#include <coroutine>
#include <exception>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace asyncguard::rt {

template <class T = void> class task;

namespace detail {

class task_promise_base {
public:
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<P> h) noexcept {
      // Symmetric transfer: the awaiter resumes as a tail call, so long
      // chains of synchronously completing tasks do not grow the stack.
      std::coroutine_handle<> next = h.promise().m_continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };

  std::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  void set_continuation(std::coroutine_handle<> c) noexcept {
    m_continuation = c;
  }

protected:
  std::coroutine_handle<> m_continuation;
};

template <class T> class task_promise final : public task_promise_base {
public:
  task_promise() noexcept {}
  ~task_promise() {
    if (m_state == state::value)
      m_value.~T();
    else if (m_state == state::error)
      m_error.~exception_ptr();
  }

  task<T> get_return_object() noexcept;

  void unhandled_exception() noexcept {
    ::new (static_cast<void *>(&m_error))
        std::exception_ptr(std::current_exception());
    m_state = state::error;
  }

  template <class U = T>
    requires std::is_constructible_v<T, U &&>
  void return_value(U &&v) noexcept(std::is_nothrow_constructible_v<T, U &&>) {
    ::new (static_cast<void *>(std::addressof(m_value))) T(std::forward<U>(v));
    m_state = state::value;
  }

  T &result() & {
    rethrow_if_error();
    return m_value;
  }
  T &&result() && {
    rethrow_if_error();
    return std::move(m_value);
  }

private:
  enum class state : unsigned char { empty, value, error };
  void rethrow_if_error() {
    if (m_state == state::error)
      std::rethrow_exception(m_error);
    assert(m_state == state::value && "task result read before completion");
  }
  union {
    T m_value;
    std::exception_ptr m_error;
  };
  state m_state = state::empty;
};

template <class T> class task_promise<T &> final : public task_promise_base {
public:
  task<T &> get_return_object() noexcept;
  void unhandled_exception() noexcept { m_error = std::current_exception(); }
  void return_value(T &v) noexcept { m_value = std::addressof(v); }
  T &result() {
    if (m_error)
      std::rethrow_exception(m_error);
    return *m_value;
  }

private:
  T *m_value = nullptr;
  std::exception_ptr m_error;
};

template <> class task_promise<void> final : public task_promise_base {
public:
  task<void> get_return_object() noexcept;
  void unhandled_exception() noexcept { m_error = std::current_exception(); }
  void return_void() noexcept {}
  void result() {
    if (m_error)
      std::rethrow_exception(m_error);
  }

private:
  std::exception_ptr m_error;
};

} // namespace detail

/// A lazily started coroutine producing a `T` (or `T&`, or nothing for
/// `void`). The body starts when the task is first awaited (or spawned on an
/// event_loop); completion resumes the awaiter by symmetric transfer.
/// Exceptions escaping the body are rethrown from the `co_await`.
///
/// Thread-safety: a task is a unique owner of its coroutine frame; use one
/// object from one thread at a time. Lifetime: destroying a task destroys the
/// frame (it must not be running). A task can be awaited once; awaiting it
/// from any coroutine type works (the awaiter takes `std::coroutine_handle<>`).
template <class T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  explicit task(std::coroutine_handle<promise_type> h) noexcept : m_handle(h) {}
  task(task &&other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
  task &operator=(task &&other) noexcept {
    if (this != &other) {
      if (m_handle)
        m_handle.destroy();
      m_handle = std::exchange(other.m_handle, {});
    }
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (m_handle)
      m_handle.destroy();
  }

  /// True when the task owns a coroutine frame.
  bool valid() const noexcept { return static_cast<bool>(m_handle); }
  /// True when the body has finished (returned or thrown).
  bool done() const noexcept { return !m_handle || m_handle.done(); }

  /// Awaits the task; yields `T&&` (by value for `T` non-reference).
  auto operator co_await() && noexcept {
    struct awaiter : base_awaiter {
      decltype(auto) await_resume() {
        if constexpr (std::is_void_v<T> || std::is_reference_v<T>)
          return this->m_handle.promise().result();
        else
          return T(std::move(this->m_handle.promise()).result());
      }
    };
    return awaiter{{m_handle}};
  }

  /// Awaits the task without consuming it; yields an lvalue reference.
  auto operator co_await() & noexcept {
    struct awaiter : base_awaiter {
      decltype(auto) await_resume() { return this->m_handle.promise().result(); }
    };
    return awaiter{{m_handle}};
  }

  /// Gives up ownership of the frame (for runtime internals).
  std::coroutine_handle<promise_type> release() noexcept {
    return std::exchange(m_handle, {});
  }

private:
  struct base_awaiter {
    std::coroutine_handle<promise_type> m_handle;
    bool await_ready() const noexcept {
      assert(m_handle && "awaiting an empty task");
      return m_handle.done();
    }
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<> awaiting) noexcept {
      m_handle.promise().set_continuation(awaiting);
      return m_handle;
    }
  };

  std::coroutine_handle<promise_type> m_handle;
};

namespace detail {
template <class T> task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<task_promise>::from_promise(*this));
}
template <class T> task<T &> task_promise<T &>::get_return_object() noexcept {
  return task<T &>(std::coroutine_handle<task_promise>::from_promise(*this));
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<task_promise>::from_promise(*this));
}
} // namespace detail

} // namespace asyncguard::rt
