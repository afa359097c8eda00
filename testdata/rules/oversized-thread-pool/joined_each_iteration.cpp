// Covers: threads joined in the iteration that started them (issue 19, item 3; cppcoro's cancellation tests): each local std::thread joined, or a std::jthread that stays in its scope, is one thread alive, not one per iteration; threads kept past the iteration (moved into a vector and joined after the loop, detached, captured by a lambda that outlives it) stay findings.
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

void work();

void joined_in_iteration() {
  for (int i = 0; i < 100; ++i) {
    std::thread canceller{work}; // OK: joined below, in the same iteration
    std::thread waiter{work}; // OK: joined below, in the same iteration
    if (canceller.joinable())
      canceller.join();
    waiter.join();
  }
}

void jthread_in_scope() {
  for (int i = 0; i < 100; ++i) {
    std::jthread t{work}; // OK: a jthread joins when the iteration's scope ends
    t.request_stop();
  }
}

void nested_loops_joined() {
  for (int round = 0; round < 10; ++round)
    for (int i = 0; i < 100; ++i) {
      std::thread t(work); // OK: joined in the innermost iteration
      t.join();
    }
}

void joined_after_the_loop() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) {
    std::thread t{work}; // WARN: oversized-thread-pool
    threads.push_back(std::move(t));
  }
  for (std::thread &t : threads)
    t.join();
}

void detached() {
  for (int i = 0; i < 100; ++i) {
    std::thread t{work}; // WARN: oversized-thread-pool
    t.detach();
  }
}

void jthread_moved_out(std::vector<std::jthread> &keep) {
  for (int i = 0; i < 100; ++i) {
    std::jthread t{work}; // WARN: oversized-thread-pool
    keep.push_back(std::move(t));
  }
}

void spin_until_all_started() {
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&] { ++started; work(); }); // WARN: oversized-thread-pool
  while (started.load() < 100) {
  }
  for (std::thread &t : threads)
    t.join();
}
