// Covers: silent look-alikes of thread-per-task: worker-pool setup loops bounded by hardware_concurrency() (directly or through a local), by a small constant, by a caller-chosen count, or by a std::array; std::async deferred per job; work submitted to a pool per request; a single thread started in a coroutine or at startup; loops that only join or move threads.
#include <fixture/task.h>

#include <array>
#include <future>
#include <thread>
#include <vector>

struct job {
  int id;
};
void run(const job &j);
void work();
int next_request();

void worker_pool_setup() {
  std::vector<std::jthread> workers;
  for (unsigned i = 0; i < std::thread::hardware_concurrency(); ++i)
    workers.emplace_back(work); // OK: bounded by the core count
  const unsigned cores = std::thread::hardware_concurrency();
  for (unsigned i = 0; i < cores * 2; ++i)
    workers.emplace_back(work); // OK: a small factor of the core count
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(work); // OK: a small constant
}

void sized_by_caller(unsigned worker_count) {
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < worker_count; ++i)
    workers.emplace_back(work); // OK: a count the caller chose, not one per task
  for (auto &t : workers) // OK: joins, starts nothing
    t.join();
  std::vector<std::thread> moved;
  for (auto &t : workers)
    moved.push_back(std::move(t)); // OK: moves a thread, starts nothing
}

void fixed_shards() {
  std::array<int, 4> shards{1, 2, 3, 4};
  std::vector<std::thread> threads;
  for (int shard : shards)
    threads.emplace_back([shard] { run(job{shard}); }); // OK: one thread per fixed shard (4)
  for (auto &t : threads)
    t.join();
}

void deferred_per_job(const std::vector<job> &jobs) {
  std::vector<std::future<void>> results;
  for (const auto &j : jobs)
    results.push_back(std::async(std::launch::deferred, run, j)); // OK: deferred runs on get()
}

void pooled(fixture::thread_pool &pool) {
  while (true) {
    int fd = next_request();
    pool.submit([fd] { run(job{fd}); }); // OK: a fixed pool runs the work
  }
}

fixture::task<void> one_background_thread() {
  std::thread t([] { work(); }); // OK: one thread, not one per iteration
  t.detach();
  co_await app::sleep(1);
}

int main() {
  std::thread logger(work); // OK: one thread at startup
  logger.detach();
  worker_pool_setup();
  sized_by_caller(2);
  fixed_shards();
  return 0;
}
