#include "asyncguard/rt/blocking_pool.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <latch>
#include <thread>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

TEST(BlockingPool, DefaultsAreCap64AndABoundedQueue) {
  rt::blocking_pool_options o;
  EXPECT_EQ(o.max_threads, 64u);
  EXPECT_GT(o.max_queued, 0u);
  rt::blocking_pool pool;
  EXPECT_EQ(pool.thread_count(), 0u); // threads start on demand
  EXPECT_EQ(pool.max_threads(), 64u);
}

TEST(BlockingPool, GrowsOnDemandUpToTheCap) {
  std::latch release(1); // outlives the pool, whose threads wait on it
  rt::blocking_pool pool({.max_threads = 4, .keep_alive = 10s, .max_queued = 100});
  std::atomic<int> started{0};
  for (int i = 0; i < 6; ++i)
    pool.submit([&] {
      started.fetch_add(1);
      release.wait();
    });
  EXPECT_TRUE(rt_test::eventually([&] { return started.load() == 4; }));
  EXPECT_EQ(pool.thread_count(), 4u);
  EXPECT_EQ(pool.queue_size(), 2u);
  release.count_down();
  pool.shutdown();
  EXPECT_EQ(started.load(), 6);
}

TEST(BlockingPool, FullWaitQueueThrowsPoolOverloaded) {
  std::latch release(1); // outlives the pool, whose thread waits on it
  rt::blocking_pool pool({.max_threads = 1, .keep_alive = 10s, .max_queued = 2});
  std::atomic<int> started{0};
  pool.submit([&] {
    started = 1;
    release.wait();
  });
  ASSERT_TRUE(rt_test::eventually([&] { return started.load() == 1; }));
  pool.submit([] {});
  pool.submit([] {});
  EXPECT_THROW(pool.submit([] {}), rt::pool_overloaded);
  release.count_down();
}

TEST(BlockingPool, IdleThreadsExitAfterKeepAlive) {
  std::latch go(1); // outlives the pool, whose threads wait on it
  rt::blocking_pool pool({.max_threads = 4, .keep_alive = 30ms, .max_queued = 16});
  for (int i = 0; i < 4; ++i)
    pool.submit([&] { go.wait(); });
  EXPECT_TRUE(rt_test::eventually([&] { return pool.thread_count() == 4; }));
  go.count_down();
  EXPECT_TRUE(rt_test::eventually([&] { return pool.thread_count() == 0; }));
  // And it grows again afterwards.
  std::atomic<bool> ran{false};
  pool.submit([&] { ran = true; });
  EXPECT_TRUE(rt_test::eventually([&] { return ran.load(); }));
}

TEST(BlockingPool, DestructorWaitsForSubmittedWork) {
  std::atomic<int> n{0};
  {
    rt::blocking_pool pool({.max_threads = 2, .keep_alive = 10s, .max_queued = 1000});
    for (int i = 0; i < 50; ++i)
      pool.submit([&] {
        std::this_thread::sleep_for(100us);
        n.fetch_add(1);
      });
  }
  EXPECT_EQ(n.load(), 50);
}

TEST(BlockingPool, DefaultPoolIsASingleton) {
  EXPECT_EQ(&rt::default_blocking_pool(), &rt::default_blocking_pool());
}
