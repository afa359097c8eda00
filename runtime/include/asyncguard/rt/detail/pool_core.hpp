#pragma once
// The worker/queue machinery shared by thread_pool and blocking_pool.

#include "asyncguard/rt/detail/callback.hpp"
#include "asyncguard/rt/detail/ring.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace asyncguard::rt {

/// Thrown by `submit` (and from `co_await offload(...)`) when a pool's wait
/// queue is full: the caller sees the overload instead of an unbounded backlog.
class pool_overloaded : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Thrown by `submit` after the pool began shutting down.
class pool_closed : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace detail {

struct pool_config {
  std::size_t min_threads = 0;
  std::size_t max_threads = 1;
  std::chrono::nanoseconds keep_alive = std::chrono::nanoseconds::max();
  std::size_t max_queued = static_cast<std::size_t>(-1);
  std::chrono::nanoseconds spin = std::chrono::microseconds(50);
  const char *name = "pool";
};

/// Workers taking callbacks from one mutex-protected FIFO. Threads are added
/// on demand up to max_threads; above min_threads, a thread idle for
/// keep_alive exits. At most one idle worker spins (for `spin`) before
/// sleeping, which keeps short hand-offs off the futex path.
class pool_core {
public:
  explicit pool_core(pool_config config);
  ~pool_core();
  pool_core(const pool_core &) = delete;
  pool_core &operator=(const pool_core &) = delete;

  /// Queues `cb`; throws pool_overloaded / pool_closed / std::system_error.
  void submit(callback &&cb);
  /// Stops accepting work, runs everything queued, joins the workers.
  void shutdown() noexcept;

  std::size_t thread_count() const;
  std::size_t queue_size() const;
  std::size_t max_threads() const noexcept { return m_config.max_threads; }

private:
  void start_thread_locked();
  void worker_main(std::list<std::thread>::iterator self);
  void join_zombies();

  const pool_config m_config;
  mutable std::mutex m_mutex;
  std::condition_variable m_work_cv;
  std::condition_variable m_exit_cv;
  ring<callback> m_queue;
  std::atomic<std::size_t> m_queued{0}; // mirror of m_queue.size() for spinners
  std::atomic<bool> m_stopping_flag{false};
  std::size_t m_threads = 0;
  std::size_t m_idle = 0;
  std::size_t m_sleepers = 0;
  std::size_t m_spinners = 0;
  bool m_stopping = false;
  std::list<std::thread> m_workers;
  std::vector<std::thread> m_zombies;
};

} // namespace detail
} // namespace asyncguard::rt
