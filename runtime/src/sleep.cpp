#include "asyncguard/rt/sleep.hpp"

#include <stdexcept>
#include <string>
#include <system_error>

namespace asyncguard::rt {

namespace detail {
event_loop &current_loop_or_throw(const char *what) {
  event_loop *loop = event_loop::current();
  if (!loop)
    throw std::logic_error(std::string(what) +
                           ": not called on an event loop thread (await it "
                           "from a task running on an asyncguard::rt::event_loop)");
  return *loop;
}
} // namespace detail

sleep_awaiter sleep_until(event_loop::clock::time_point deadline,
                          cancel_token token) {
  event_loop &loop = detail::current_loop_or_throw("asyncguard::rt::sleep_until");
  return sleep_awaiter(loop, deadline, std::move(token));
}

sleep_awaiter::sleep_awaiter(event_loop &loop,
                             event_loop::clock::time_point deadline,
                             cancel_token token) noexcept
    : m_loop(&loop), m_token(std::move(token)) {
  m_deadline = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   deadline.time_since_epoch())
                   .count();
  m_fire = [](detail::timer_node &n) noexcept {
    auto &self = static_cast<sleep_awaiter &>(n);
    self.m_pending = false;
    detail::loop_access::unregister_cancel(self);
    detail::loop_access::schedule(*self.m_loop, self.m_handle);
  };
  m_cancel = [](detail::cancellable_op &op) noexcept {
    auto &self = static_cast<sleep_awaiter &>(op);
    if (!self.m_pending)
      return;
    self.m_pending = false;
    self.m_cancelled = true;
    detail::loop_access::remove_timer(*self.m_loop, self);
    detail::loop_access::unregister_cancel(self);
    detail::loop_access::schedule(*self.m_loop, self.m_handle);
  };
}

sleep_awaiter::~sleep_awaiter() {
  if (!m_pending)
    return;
  detail::loop_access::remove_timer(*m_loop, *this);
  detail::loop_access::unregister_cancel(*this);
}

bool sleep_awaiter::await_suspend(std::coroutine_handle<> h) noexcept {
  m_handle = h;
  try {
    if (!detail::loop_access::register_cancel(*m_loop, *this, m_token.state())) {
      m_cancelled = true;
      return false;
    }
    detail::loop_access::add_timer(*m_loop, *this);
  } catch (...) {
    // Out of memory registering the timer: report it as a cancellation
    // rather than hanging the task.
    detail::loop_access::unregister_cancel(*this);
    m_cancelled = true;
    return false;
  }
  m_pending = true;
  return true;
}

void sleep_awaiter::await_resume() const {
  if (m_cancelled)
    throw std::system_error(std::make_error_code(std::errc::operation_canceled),
                            "asyncguard::rt::sleep cancelled");
}

} // namespace asyncguard::rt
