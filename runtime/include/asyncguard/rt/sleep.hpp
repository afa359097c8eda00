#pragma once
// sleep_for / sleep_until: timers for tasks running on an event_loop.

#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/event_loop.hpp"

#include <chrono>
#include <coroutine>

namespace asyncguard::rt {

/// Awaitable returned by sleep_for/sleep_until. Completes on the loop thread
/// once the deadline has passed (a deadline in the past still yields once).
/// Throws std::system_error(operation_canceled) from `co_await` when its token
/// is cancelled first. Destroying it while pending (for instance when the loop
/// destroys the task) removes the timer. Not copyable or movable.
class [[nodiscard]] sleep_awaiter : private detail::timer_node,
                                    private detail::cancellable_op {
public:
  sleep_awaiter(event_loop &loop, event_loop::clock::time_point deadline,
                cancel_token token = {}) noexcept;
  sleep_awaiter(const sleep_awaiter &) = delete;
  sleep_awaiter &operator=(const sleep_awaiter &) = delete;
  ~sleep_awaiter();

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) noexcept;
  void await_resume() const;

private:
  event_loop *m_loop;
  cancel_token m_token;
  std::coroutine_handle<> m_handle;
  bool m_pending = false;
  bool m_cancelled = false;
};

/// Suspends the calling task for `d` without blocking the loop thread.
/// Must be called on a loop thread (from a task the loop runs): throws
/// std::logic_error otherwise. `co_await asyncguard::rt::sleep_for(5ms);`
template <class Rep, class Period>
[[nodiscard]] sleep_awaiter sleep_for(std::chrono::duration<Rep, Period> d,
                                      cancel_token token = {});

/// Suspends the calling task until `deadline` (steady clock). Must be called
/// on a loop thread: throws std::logic_error otherwise.
[[nodiscard]] sleep_awaiter sleep_until(event_loop::clock::time_point deadline,
                                        cancel_token token = {});

namespace detail {
event_loop &current_loop_or_throw(const char *what);
}

template <class Rep, class Period>
sleep_awaiter sleep_for(std::chrono::duration<Rep, Period> d,
                        cancel_token token) {
  event_loop &loop = detail::current_loop_or_throw("asyncguard::rt::sleep_for");
  auto dd = std::chrono::duration_cast<event_loop::clock::duration>(d);
  if (dd.count() < 0)
    dd = event_loop::clock::duration::zero();
  return sleep_awaiter(loop, event_loop::clock::now() + dd, std::move(token));
}

} // namespace asyncguard::rt
