#pragma once
// blocking_pool: an elastic pool for calls that block (files, DNS, sync clients).

#include "asyncguard/rt/detail/pool_core.hpp"

#include <chrono>
#include <cstddef>
#include <utility>

namespace asyncguard::rt {

/// Options of a blocking_pool.
struct blocking_pool_options {
  /// Upper bound on threads (each blocked call holds one).
  std::size_t max_threads = 64;
  /// A thread idle this long exits.
  std::chrono::nanoseconds keep_alive = std::chrono::seconds(10);
  /// Calls that may wait for a thread once all `max_threads` are busy; one
  /// more makes `submit` throw pool_overloaded.
  std::size_t max_queued = 4096;
  /// How long one idle worker polls for new work before sleeping.
  std::chrono::nanoseconds spin = std::chrono::microseconds(50);
};

/// Runs blocking callables on up to `max_threads` threads, started on demand;
/// idle ones exit after `keep_alive`. The wait queue is bounded: when it is
/// full, `submit` throws pool_overloaded (an offload rethrows it at its
/// `co_await`) rather than building an unbounded backlog.
///
/// Thread-safe. The destructor stops accepting work, waits for everything
/// submitted and joins its threads; not copyable or movable.
class blocking_pool {
public:
  blocking_pool() : blocking_pool(blocking_pool_options{}) {}
  explicit blocking_pool(blocking_pool_options options);
  ~blocking_pool() = default;
  blocking_pool(const blocking_pool &) = delete;
  blocking_pool &operator=(const blocking_pool &) = delete;

  /// Queues `fn`; throws pool_overloaded when the wait queue is full and
  /// pool_closed after shutdown began.
  template <class F> void submit(F &&fn) {
    m_core.submit(detail::callback(std::forward<F>(fn)));
  }
  /// Runs what was submitted, then joins the threads (the destructor does it too).
  void shutdown() noexcept { m_core.shutdown(); }

  /// Threads currently alive (grows on demand, shrinks after keep_alive).
  std::size_t thread_count() const { return m_core.thread_count(); }
  /// Calls waiting for a thread.
  std::size_t queue_size() const { return m_core.queue_size(); }
  std::size_t max_threads() const noexcept { return m_core.max_threads(); }

private:
  detail::pool_core m_core;
};

/// The process-wide blocking_pool used by `offload(fn)`: default options,
/// created on first use, never destroyed (its idle threads are not joined at
/// exit, so a stuck blocking call cannot hang process exit).
blocking_pool &default_blocking_pool();

} // namespace asyncguard::rt
