#pragma once
// block_on: run a task to completion from synchronous code.

#include "asyncguard/rt/event_loop.hpp"
#include "asyncguard/rt/task.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace asyncguard::rt {

/// Thrown by block_on when called on a thread that is running an event loop:
/// blocking there would stall (or deadlock) that loop. `co_await` the task
/// instead.
class nested_block_on : public std::logic_error {
public:
  nested_block_on()
      : std::logic_error("asyncguard::rt::block_on called on an event loop "
                         "thread; this would block the loop (and deadlock if "
                         "the task needs it): co_await the task instead") {}
};

namespace detail {

template <class T> struct block_on_slot {
  using stored = std::conditional_t<std::is_reference_v<T>,
                                    std::remove_reference_t<T> *, T>;
  std::optional<stored> m_value;
  std::exception_ptr m_error;
};
template <> struct block_on_slot<void> {
  bool m_done = false;
  std::exception_ptr m_error;
};

template <class T> task<void> block_on_body(task<T> t, block_on_slot<T> &slot) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      slot.m_done = true;
    } else if constexpr (std::is_reference_v<T>) {
      slot.m_value = std::addressof(co_await std::move(t));
    } else {
      slot.m_value.emplace(co_await std::move(t));
    }
  } catch (...) {
    slot.m_error = std::current_exception();
  }
}

} // namespace detail

/// Runs `t` to completion on a private event_loop on the calling thread and
/// returns its result (or rethrows its exception), like Python's
/// `asyncio.run`. Sleeps, sockets and offloads inside `t` use that loop;
/// tasks `t` spawned on it run until they finish too.
///
/// Throws nested_block_on (a std::logic_error) when the calling thread is
/// running an event loop, instead of deadlocking it; std::runtime_error if
/// the loop was stopped before `t` finished.
template <class T> T block_on(task<T> t) {
  if (event_loop::current())
    throw nested_block_on();
  detail::block_on_slot<T> slot;
  {
    event_loop loop;
    loop.spawn(detail::block_on_body<T>(std::move(t), slot));
    loop.run();
  }
  if (slot.m_error)
    std::rethrow_exception(slot.m_error);
  if constexpr (std::is_void_v<T>) {
    if (!slot.m_done)
      throw std::runtime_error("asyncguard::rt::block_on: the loop stopped before the task finished");
  } else {
    if (!slot.m_value)
      throw std::runtime_error("asyncguard::rt::block_on: the loop stopped before the task finished");
    if constexpr (std::is_reference_v<T>)
      return **slot.m_value;
    else
      return std::move(*slot.m_value);
  }
}

} // namespace asyncguard::rt
