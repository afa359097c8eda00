#pragma once
// background_queue: bounded fire-and-forget work (logs, metrics) off the loop.

#include "asyncguard/rt/detail/callback.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <utility>

namespace asyncguard::rt {

/// Counters of a background_queue (monotonic, read with relaxed loads).
struct background_queue_stats {
  std::uint64_t pushed = 0;    ///< accepted by try_push
  std::uint64_t processed = 0; ///< ran to completion (or threw)
  std::uint64_t failed = 0;    ///< threw an exception (also counted in processed)
  std::uint64_t dropped = 0;   ///< refused: queue full or after shutdown
  std::uint64_t discarded = 0; ///< accepted but not run: shutdown deadline passed
};

/// A bounded multi-producer queue drained by its own thread, for work that
/// must never slow the caller (an event loop). `try_push` never blocks and
/// never waits for the consumer: it is lock-free, and when the queue is full
/// the item is dropped and counted.
///
/// Thread-safety: `try_push`, `stats`, `size` from any thread; `shutdown`
/// from one thread. Lifetime: the destructor calls `shutdown(1s)` and joins
/// the drain thread; not copyable or movable. Exceptions escaping an item are
/// counted in `failed` and otherwise ignored.
class background_queue {
public:
  /// `capacity` is rounded up to a power of two (at least 2).
  explicit background_queue(std::size_t capacity = 4096);
  ~background_queue();
  background_queue(const background_queue &) = delete;
  background_queue &operator=(const background_queue &) = delete;

  /// Queues `fn` for the drain thread; false (and counted in `dropped`) when
  /// the queue is full or shut down. Never blocks.
  template <class F> bool try_push(F &&fn) {
    if (m_closed.load(std::memory_order_acquire)) {
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    return push(detail::callback(std::forward<F>(fn)));
  }

  /// Stops accepting items and lets the drain thread run what is queued
  /// until `deadline` from now; items still queued then are discarded
  /// (counted). Returns true when everything accepted was run. An item
  /// running at the deadline is waited for (it cannot be interrupted).
  /// Idempotent; later calls return the first result.
  bool shutdown(std::chrono::nanoseconds deadline = std::chrono::seconds(1));

  background_queue_stats stats() const noexcept;
  /// Items shed so far (full queue or after shutdown).
  std::uint64_t dropped() const noexcept {
    return m_dropped.load(std::memory_order_relaxed);
  }
  /// Items accepted and not yet taken by the drain thread (approximate).
  std::size_t size() const noexcept;
  std::size_t capacity() const noexcept { return m_mask + 1; }

private:
  struct cell {
    std::atomic<std::size_t> seq;
    detail::callback fn;
  };

  bool push(detail::callback &&cb) noexcept;
  void drain_main();
  bool pop(detail::callback &out) noexcept;

  std::unique_ptr<cell[]> m_cells;
  std::size_t m_mask;
  alignas(64) std::atomic<std::size_t> m_enqueue{0};
  alignas(64) std::size_t m_dequeue = 0; // consumer only
  alignas(64) std::atomic<std::uint32_t> m_signal{0};
  std::atomic<bool> m_consumer_sleeping{false};
  std::atomic<bool> m_closed{false};
  std::atomic<std::int64_t> m_deadline_ns{0};
  std::atomic<std::uint64_t> m_pushed{0};
  std::atomic<std::uint64_t> m_processed{0};
  std::atomic<std::uint64_t> m_failed{0};
  std::atomic<std::uint64_t> m_dropped{0};
  std::atomic<std::uint64_t> m_discarded{0};
  bool m_shut = false;
  bool m_flushed = false;
  std::thread m_thread;
};

} // namespace asyncguard::rt
