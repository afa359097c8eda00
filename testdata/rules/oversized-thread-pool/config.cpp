// CONFIG: {"thread_budget": {"target_cores": 4, "factor": 4}, "pool_types": ["mylib::WorkerPool"]}
// Covers: a budget from config (4 cores x 4 = 16, so 20 threads is too many here) and a pool type from "pool_types" whose first constructor argument is a thread count; the runtime's thread_pool and blocking_pool cap.
#include <asyncguard/rt/blocking_pool.hpp>
#include <asyncguard/rt/thread_pool.hpp>

#include <thread>

namespace mylib {
class WorkerPool {
public:
  WorkerPool(unsigned threads, const char *name) : m_threads(threads), m_name(name) {}

private:
  unsigned m_threads;
  const char *m_name;
};
class Other {
public:
  explicit Other(unsigned size) : m_size(size) {}

private:
  unsigned m_size;
};
} // namespace mylib

void configured() {
  mylib::WorkerPool workers(20, "workers"); // WARN: oversized-thread-pool
  mylib::WorkerPool few(16, "few"); // OK: within the configured budget
  mylib::Other other(5000); // OK: not a pool type
  asyncguard::rt::thread_pool cpu(20); // WARN: oversized-thread-pool
  asyncguard::rt::thread_pool cores; // OK: 0 means hardware_concurrency()
  asyncguard::rt::blocking_pool io({.max_threads = 1000}); // WARN: oversized-thread-pool
  asyncguard::rt::blocking_pool capped({.max_threads = 16}); // OK: a small cap
  asyncguard::rt::blocking_pool defaults; // OK: default options
  asyncguard::rt::blocking_pool_options options;
  options.max_threads = 512; // WARN: oversized-thread-pool
  options.max_threads = std::thread::hardware_concurrency(); // OK: sized from the cores
  asyncguard::rt::blocking_pool later(options);
}

int main() {
  configured();
  return 0;
}
