#pragma once
// thread_pool: a fixed set of threads for CPU-bound work.

#include "asyncguard/rt/detail/pool_core.hpp"

#include <chrono>
#include <cstddef>
#include <utility>

namespace asyncguard::rt {

/// Runs callables on a fixed number of threads (default: the number of
/// hardware threads), started by the constructor. For CPU-bound work; use
/// blocking_pool for calls that block.
///
/// Thread-safe. The queue is unbounded. The destructor stops accepting work,
/// runs everything already submitted and joins its threads. Owners of
/// threads: not copyable or movable. `submit` throws pool_closed after
/// shutdown began; exceptions escaping a callable are swallowed (offload
/// carries them to the awaiter instead).
class thread_pool {
public:
  /// `threads == 0` means std::thread::hardware_concurrency() (at least 1).
  explicit thread_pool(std::size_t threads = 0,
                       std::chrono::nanoseconds spin = std::chrono::microseconds(50));
  ~thread_pool() = default;
  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;

  /// Queues `fn` to run on a pool thread.
  template <class F> void submit(F &&fn) {
    m_core.submit(detail::callback(std::forward<F>(fn)));
  }
  /// Runs what was submitted, then joins the threads (the destructor does it too).
  void shutdown() noexcept { m_core.shutdown(); }

  std::size_t thread_count() const { return m_core.thread_count(); }
  std::size_t queue_size() const { return m_core.queue_size(); }

private:
  detail::pool_core m_core;
};

} // namespace asyncguard::rt
