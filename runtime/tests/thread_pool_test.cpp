#include "asyncguard/rt/thread_pool.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

TEST(ThreadPool, DefaultSizeIsHardwareConcurrency) {
  rt::thread_pool pool;
  unsigned hc = std::thread::hardware_concurrency();
  EXPECT_EQ(pool.thread_count(), hc ? hc : 1u);
}

TEST(ThreadPool, RunsEverySubmittedCallable) {
  std::atomic<int> n{0};
  {
    rt::thread_pool pool(3);
    EXPECT_EQ(pool.thread_count(), 3u);
    for (int i = 0; i < 10000; ++i)
      pool.submit([&] { n.fetch_add(1, std::memory_order_relaxed); });
  }
  EXPECT_EQ(n.load(), 10000);
}

TEST(ThreadPool, ShutdownDrainsQueuedTasks) {
  std::atomic<int> n{0};
  rt::thread_pool pool(1);
  pool.submit([] { std::this_thread::sleep_for(20ms); });
  for (int i = 0; i < 100; ++i)
    pool.submit([&] { n.fetch_add(1); });
  pool.shutdown();
  EXPECT_EQ(n.load(), 100);
  EXPECT_EQ(pool.thread_count(), 0u);
}

TEST(ThreadPool, SubmitAfterShutdownThrowsPoolClosed) {
  rt::thread_pool pool(1);
  pool.shutdown();
  EXPECT_THROW(pool.submit([] {}), rt::pool_closed);
}

TEST(ThreadPool, ExceptionFromACallableDoesNotKillTheWorker) {
  rt::thread_pool pool(1);
  std::atomic<bool> ran{false};
  pool.submit([] { throw 1; });
  pool.submit([&] { ran = true; });
  pool.shutdown();
  EXPECT_TRUE(ran.load());
}

TEST(ThreadPool, RunsCallablesConcurrently) {
  rt::thread_pool pool(2);
  std::atomic<int> arrived{0};
  std::atomic<int> saw_both{0};
  for (int i = 0; i < 2; ++i)
    pool.submit([&] {
      arrived.fetch_add(1);
      // Only possible if both callables are running at the same time.
      if (rt_test::eventually([&] { return arrived.load() == 2; }, 5s))
        saw_both.fetch_add(1);
    });
  pool.shutdown();
  EXPECT_EQ(saw_both.load(), 2);
}
