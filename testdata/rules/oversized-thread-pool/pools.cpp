// ARGS: -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// Covers: constant thread counts above the default budget (8 cores x 4 = 32) in pool constructors (standalone Asio, BS::thread_pool, folly executors, std::make_unique/make_shared, a global pool, a coroutine) and in constant loops that start std::thread, std::jthread or pthread_create; counts from hardware_concurrency(), at or below the budget, or not constant stay silent.
#include <asio/thread_pool.hpp>
#include <fixture/task.h>

#include <memory>
#include <pthread.h>
#include <thread>
#include <vector>

// Stand-ins for libraries absent here: only their qualified names matter.
namespace BS {
class thread_pool {
public:
  explicit thread_pool(unsigned threads = 0) : m_threads(threads) {}

private:
  unsigned m_threads;
};
} // namespace BS

namespace folly {
class CPUThreadPoolExecutor {
public:
  explicit CPUThreadPoolExecutor(std::size_t threads) : m_threads(threads) {}

private:
  std::size_t m_threads;
};
class IOThreadPoolExecutor {
public:
  explicit IOThreadPoolExecutor(std::size_t threads) : m_threads(threads) {}

private:
  std::size_t m_threads;
};
} // namespace folly

constexpr std::size_t kWorkers = 512;
void *work(void *) { return nullptr; }

asio::thread_pool global_pool(1000); // WARN: oversized-thread-pool

void pools() {
  asio::thread_pool io(200); // WARN: oversized-thread-pool
  asio::thread_pool sized(kWorkers); // WARN: oversized-thread-pool
  BS::thread_pool bs(64); // WARN: oversized-thread-pool
  folly::CPUThreadPoolExecutor cpu(100); // WARN: oversized-thread-pool
  folly::IOThreadPoolExecutor ioexec{128}; // WARN: oversized-thread-pool
  auto owned = std::make_unique<asio::thread_pool>(256); // WARN: oversized-thread-pool
  auto shared = std::make_shared<folly::CPUThreadPoolExecutor>(40); // WARN: oversized-thread-pool
  auto raw = new BS::thread_pool(33); // WARN: oversized-thread-pool
  delete raw;
}

void fine_pools(unsigned configured) {
  asio::thread_pool eight(8); // OK: a constant 8 threads is within the budget
  asio::thread_pool at_budget(32); // OK: exactly the budget
  asio::thread_pool cores(std::thread::hardware_concurrency()); // OK: sized from the cores
  BS::thread_pool twice(2 * std::thread::hardware_concurrency()); // OK: a small factor of the cores
  const unsigned n = std::thread::hardware_concurrency() * 4;
  folly::CPUThreadPoolExecutor from_local(n); // OK: derived from hardware_concurrency()
  folly::IOThreadPoolExecutor from_config(configured); // OK: not a compile-time constant
  asio::thread_pool default_sized; // OK: Asio picks its own default
}

fixture::task<void> pool_in_coroutine() {
  asio::thread_pool workers(100); // WARN: oversized-thread-pool
  co_await app::sleep(1);
}

void constant_loops() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([] {}); // WARN: oversized-thread-pool
  for (auto &t : threads)
    t.join();
  std::vector<std::jthread> jthreads;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j)
      jthreads.push_back(std::jthread([] {})); // WARN: oversized-thread-pool
  pthread_t ids[64];
  for (int i = 0; i < 64; ++i)
    pthread_create(&ids[i], nullptr, work, nullptr); // WARN: oversized-thread-pool
  for (int i = 1; i <= 40; ++i) {
    std::thread t([] {}); // WARN: oversized-thread-pool
    t.detach();
  }
}

void fine_loops() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([] {}); // OK: a constant 8 threads
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    threads.emplace_back([] {}); // OK: bounded by the core count
  for (int i = 0; i < 1000; ++i)
    threads.emplace_back(); // OK: a default-constructed std::thread starts nothing
  for (auto &t : threads)
    if (t.joinable())
      t.join();
}

template <int N> void templated_pool() {
  asio::thread_pool pool(N); // OK: depends on the template argument
  asio::thread_pool big(500); // WARN: oversized-thread-pool
}

int main() {
  pools();
  fine_pools(4);
  constant_loops();
  fine_loops();
  templated_pool<2>();
  templated_pool<3>();
  return 0;
}
