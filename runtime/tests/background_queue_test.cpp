#include "asyncguard/rt/background_queue.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <latch>
#include <thread>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

TEST(BackgroundQueue, RunsPushedItemsOnItsOwnThread) {
  std::atomic<int> n{0};
  std::thread::id worker;
  {
    rt::background_queue q(64);
    ASSERT_TRUE(q.try_push([&] { worker = std::this_thread::get_id(); }));
    for (int i = 0; i < 10; ++i)
      ASSERT_TRUE(q.try_push([&] { n.fetch_add(1); }));
    EXPECT_TRUE(q.shutdown());
    EXPECT_EQ(q.stats().processed, 11u);
  }
  EXPECT_EQ(n.load(), 10);
  EXPECT_NE(worker, std::this_thread::get_id());
}

TEST(BackgroundQueue, TryPushDropsAndCountsWhenFull) {
  std::latch block(1); // outlives the queue, whose thread waits on it
  rt::background_queue q(4);
  std::atomic<bool> consumer_busy{false};
  ASSERT_TRUE(q.try_push([&] {
    consumer_busy = true;
    block.wait();
  }));
  ASSERT_TRUE(rt_test::eventually([&] { return consumer_busy.load(); }));
  int accepted = 0, refused = 0;
  for (int i = 0; i < 10; ++i)
    (q.try_push([] {}) ? accepted : refused)++;
  EXPECT_EQ(accepted, 4);
  EXPECT_EQ(refused, 6);
  EXPECT_EQ(q.dropped(), 6u);
  EXPECT_EQ(q.stats().dropped, 6u);
  block.count_down();
  EXPECT_TRUE(q.shutdown());
  auto s = q.stats();
  EXPECT_EQ(s.pushed, 5u);
  EXPECT_EQ(s.processed, 5u);
}

TEST(BackgroundQueue, TryPushNeverWaitsForASlowConsumer) {
  std::latch block(1); // outlives the queue, whose thread waits on it
  rt::background_queue q(8);
  q.try_push([&] { block.wait(); });
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10000; ++i)
    (void)q.try_push([] {});
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  block.count_down();
}

TEST(BackgroundQueue, ManyProducersAccountForEveryItem) {
  std::atomic<long> ran{0};
  const int producers = 8;
  const long per = rt_test::scaled(100000, 1000);
  rt::background_queue q(1024);
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&] {
      for (long i = 0; i < per; ++i)
        (void)q.try_push([&] { ran.fetch_add(1, std::memory_order_relaxed); });
    });
  for (auto &t : threads)
    t.join();
  EXPECT_TRUE(q.shutdown(10s));
  auto s = q.stats();
  EXPECT_EQ(s.pushed + s.dropped, static_cast<std::uint64_t>(producers * per));
  EXPECT_EQ(s.processed, s.pushed);
  EXPECT_EQ(static_cast<std::uint64_t>(ran.load()), s.pushed);
}

TEST(BackgroundQueue, ShutdownFlushesQueuedItemsBeforeTheDeadline) {
  std::atomic<int> n{0};
  rt::background_queue q(256);
  for (int i = 0; i < 200; ++i)
    q.try_push([&] { n.fetch_add(1); });
  EXPECT_TRUE(q.shutdown(5s));
  EXPECT_EQ(n.load(), 200);
  EXPECT_EQ(q.stats().discarded, 0u);
}

TEST(BackgroundQueue, ShutdownDiscardsAndCountsWhatMissesTheDeadline) {
  rt::background_queue q(256);
  for (int i = 0; i < 100; ++i)
    q.try_push([] { std::this_thread::sleep_for(10ms); });
  EXPECT_FALSE(q.shutdown(30ms));
  auto s = q.stats();
  EXPECT_GT(s.discarded, 0u);
  EXPECT_EQ(s.processed + s.discarded, s.pushed);
}

TEST(BackgroundQueue, PushAfterShutdownIsDroppedAndCounted) {
  rt::background_queue q(8);
  q.shutdown();
  EXPECT_FALSE(q.try_push([] {}));
  EXPECT_EQ(q.dropped(), 1u);
}

TEST(BackgroundQueue, ThrowingItemIsCountedAsFailed) {
  rt::background_queue q(8);
  q.try_push([] { throw 42; });
  q.try_push([] {});
  q.shutdown();
  EXPECT_EQ(q.stats().failed, 1u);
  EXPECT_EQ(q.stats().processed, 2u);
}
