#include "asyncguard/rt/blocking_pool.hpp"
#include "asyncguard/rt/thread_pool.hpp"

#include <string>


namespace asyncguard::rt {
namespace detail {

pool_core::pool_core(pool_config config) : m_config(config) {
  std::lock_guard lock(m_mutex);
  for (std::size_t i = 0; i < m_config.min_threads; ++i)
    start_thread_locked();
}

pool_core::~pool_core() { shutdown(); }

void pool_core::start_thread_locked() {
  m_workers.emplace_back();
  auto it = std::prev(m_workers.end());
  try {
    *it = std::thread([this, it] { worker_main(it); });
  } catch (...) {
    m_workers.erase(it);
    throw;
  }
  ++m_threads;
  ++m_idle; // it will take work as soon as it gets the lock
}

void pool_core::submit(callback &&cb) {
  std::vector<std::thread> zombies;
  bool notify = false;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping)
      throw pool_closed(std::string("asyncguard::rt::") + m_config.name +
                        ": submit after shutdown");
    const std::size_t waiting = m_queue.size();
    // Items beyond what idle workers will absorb are "waiting"; at most
    // max_queued of them (written to avoid overflow with an unbounded queue).
    if (m_threads >= m_config.max_threads && waiting >= m_idle &&
        waiting - m_idle >= m_config.max_queued)
      throw pool_overloaded(std::string("asyncguard::rt::") + m_config.name +
                            ": all " + std::to_string(m_config.max_threads) +
                            " threads busy and " +
                            std::to_string(m_config.max_queued) +
                            " calls already waiting");
    if (waiting + 1 > m_idle && m_threads < m_config.max_threads) {
      try {
        start_thread_locked();
      } catch (...) {
        if (m_threads == 0)
          throw; // nobody could ever run it: tell the caller
      }
    }
    m_queue.push_back(std::move(cb));
    m_queued.store(m_queue.size(), std::memory_order_release);
    notify = m_sleepers > 0 && m_queue.size() > m_spinners;
    if (!m_zombies.empty())
      zombies.swap(m_zombies);
  }
  // Outside the lock, so that the woken worker does not block on it at once.
  if (notify)
    m_work_cv.notify_one();
  for (auto &t : zombies)
    t.join();
}

void pool_core::worker_main(std::list<std::thread>::iterator self) {
  std::unique_lock lock(m_mutex);
  for (;;) {
    if (!m_queue.empty()) {
      callback cb = m_queue.pop_front();
      m_queued.store(m_queue.size(), std::memory_order_relaxed);
      --m_idle;
      lock.unlock();
      try {
        cb();
      } catch (...) {
        // Swallowed: offload captures exceptions itself; a raw submit has
        // no one to report to.
      }
      cb.reset();
      lock.lock();
      ++m_idle;
      continue;
    }
    if (m_stopping)
      break;
    if (m_config.spin.count() > 0 && m_spinners == 0) {
      ++m_spinners;
      lock.unlock();
      auto until = std::chrono::steady_clock::now() + m_config.spin;
      for (;;) {
        std::this_thread::yield(); // not a pause loop: see event_loop.cpp
        if (m_queued.load(std::memory_order_acquire) > 0 ||
            m_stopping_flag.load(std::memory_order_relaxed))
          break;
        if (std::chrono::steady_clock::now() >= until)
          break;
      }
      lock.lock();
      --m_spinners;
      if (!m_queue.empty() || m_stopping)
        continue;
    }
    ++m_sleepers;
    bool timed_out = false;
    if (m_config.keep_alive == std::chrono::nanoseconds::max())
      m_work_cv.wait(lock);
    else
      timed_out = m_work_cv.wait_for(lock, m_config.keep_alive) ==
                  std::cv_status::timeout;
    --m_sleepers;
    if (timed_out && m_queue.empty() && !m_stopping &&
        m_threads > m_config.min_threads)
      break;
  }
  --m_idle;
  --m_threads;
  // Hand our own std::thread to whoever joins next; after the unlock below
  // this thread touches nothing of the pool.
  m_zombies.push_back(std::move(*self));
  m_workers.erase(self);
  m_exit_cv.notify_all();
}

void pool_core::shutdown() noexcept {
  std::vector<std::thread> zombies;
  {
    std::unique_lock lock(m_mutex);
    m_stopping = true;
    m_stopping_flag.store(true, std::memory_order_relaxed);
    m_work_cv.notify_all();
    m_exit_cv.wait(lock, [this] { return m_threads == 0; });
    zombies.swap(m_zombies);
  }
  for (auto &t : zombies)
    t.join();
}

std::size_t pool_core::thread_count() const {
  std::lock_guard lock(m_mutex);
  return m_threads;
}

std::size_t pool_core::queue_size() const {
  std::lock_guard lock(m_mutex);
  return m_queue.size();
}

} // namespace detail

namespace {
std::size_t default_threads(std::size_t n) {
  if (n)
    return n;
  unsigned hc = std::thread::hardware_concurrency();
  return hc ? hc : 1;
}
} // namespace

thread_pool::thread_pool(std::size_t threads, std::chrono::nanoseconds spin)
    : m_core(detail::pool_config{default_threads(threads), default_threads(threads),
                                 std::chrono::nanoseconds::max(),
                                 static_cast<std::size_t>(-1), spin,
                                 "thread_pool"}) {}

blocking_pool::blocking_pool(blocking_pool_options o)
    : m_core(detail::pool_config{0, o.max_threads ? o.max_threads : 1,
                                 o.keep_alive, o.max_queued, o.spin,
                                 "blocking_pool"}) {}

blocking_pool &default_blocking_pool() {
  // Deliberately never destroyed; see the header.
  static blocking_pool *pool = new blocking_pool();
  return *pool;
}

} // namespace asyncguard::rt
