#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/offload.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "asyncguard/rt/thread_pool.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {

int blocking_read_config(int base) {
  std::this_thread::sleep_for(1ms);
  return base * 2;
}

void blocking_flush(std::atomic<int> &flushes) {
  std::this_thread::sleep_for(1ms);
  flushes.fetch_add(1);
}

// Exactly the text the analyzer's fix produces, for a non-void and a void EXPR.
rt::task<int> fixed_non_void(int base) {
  int v = co_await asyncguard::rt::offload([&] { return blocking_read_config(base); });
  co_return v;
}

rt::task<void> fixed_void(std::atomic<int> &flushes) {
  co_await asyncguard::rt::offload([&] { return blocking_flush(flushes); });
}

} // namespace

TEST(Offload, AnalyzerFixSpellingWorksForNonVoidExpressions) {
  EXPECT_EQ(rt::block_on(fixed_non_void(21)), 42);
}

TEST(Offload, AnalyzerFixSpellingWorksForVoidExpressions) {
  std::atomic<int> flushes{0};
  rt::block_on(fixed_void(flushes));
  EXPECT_EQ(flushes.load(), 1);
}

TEST(Offload, RunsElsewhereAndResumesOnTheLoopThread) {
  std::thread::id loop_before, worker, loop_after;
  auto body = [&]() -> rt::task<void> {
    loop_before = std::this_thread::get_id();
    worker = co_await rt::offload([] { return std::this_thread::get_id(); });
    loop_after = std::this_thread::get_id();
  };
  rt::block_on(body());
  EXPECT_EQ(loop_before, std::this_thread::get_id());
  EXPECT_EQ(loop_after, loop_before);
  EXPECT_NE(worker, loop_before);
}

TEST(Offload, ExceptionReachesTheAwaiter) {
  auto body = []() -> rt::task<std::string> {
    try {
      co_await rt::offload([]() -> int { throw std::runtime_error("disk on fire"); });
    } catch (const std::runtime_error &e) {
      co_return e.what();
    }
    co_return "";
  };
  EXPECT_EQ(rt::block_on(body()), "disk on fire");
}

TEST(Offload, ToAnExplicitThreadPool) {
  rt::thread_pool pool(2);
  auto body = [&]() -> rt::task<long> {
    long sum = 0;
    for (int i = 0; i < 100; ++i)
      sum += co_await rt::offload(pool, [i] { return long(i); });
    co_return sum;
  };
  EXPECT_EQ(rt::block_on(body()), 4950);
}

TEST(Offload, MoveOnlyResultsAreMovedToTheAwaiter) {
  auto body = []() -> rt::task<int> {
    auto p = co_await rt::offload([] { return std::make_unique<int>(9); });
    co_return *p;
  };
  EXPECT_EQ(rt::block_on(body()), 9);
}

TEST(Offload, OverloadedPoolErrorReachesTheAwaiter) {
  std::latch release(1); // outlives the pool, whose thread waits on it
  rt::blocking_pool pool({.max_threads = 1, .keep_alive = 10s, .max_queued = 0});
  std::atomic<bool> started{false};
  pool.submit([&] {
    started = true;
    release.wait();
  });
  ASSERT_TRUE(rt_test::eventually([&] { return started.load(); }));
  bool overloaded = false;
  auto body = [&]() -> rt::task<void> {
    try {
      co_await rt::offload(pool, [] { return 1; });
    } catch (const rt::pool_overloaded &) {
      overloaded = true;
    }
  };
  rt::block_on(body());
  release.count_down();
  EXPECT_TRUE(overloaded);
}

TEST(Offload, ManyConcurrentOffloadsFromOneLoop) {
  rt::blocking_pool pool({.max_threads = 8, .keep_alive = 1s, .max_queued = 1000});
  std::atomic<int> done{0};
  rt::event_loop loop;
  const int tasks = 100, per = static_cast<int>(rt_test::scaled(100, 5));
  for (int t = 0; t < tasks; ++t)
    loop.spawn([](rt::blocking_pool &p, std::atomic<int> &d, int n) -> rt::task<void> {
      for (int i = 0; i < n; ++i)
        d.fetch_add(co_await rt::offload(p, [] { return 1; }));
    }(pool, done, per));
  loop.run();
  EXPECT_EQ(done.load(), tasks * per);
}

TEST(Offload, LoopDestructionWaitsForARunningOffloadAndDestroysTheTask) {
  std::atomic<bool> call_finished{false};
  std::atomic<bool> resumed{false};
  std::atomic<bool> started{false};
  const int before = rt_test::probe::live.load();
  {
    rt::event_loop loop;
    loop.spawn([](std::atomic<bool> &s, std::atomic<bool> &f, std::atomic<bool> &r) -> rt::task<void> {
      rt_test::probe p;
      co_await rt::offload([&] {
        s = true;
        std::this_thread::sleep_for(50ms);
        f = true;
      });
      r = true;
    }(started, call_finished, resumed));
    std::thread stopper([&] {
      rt_test::eventually([&] { return started.load(); });
      loop.stop();
    });
    loop.run();
    stopper.join();
  }
  EXPECT_TRUE(call_finished.load()); // the destructor waited for it
  EXPECT_FALSE(resumed.load());      // and never resumed the task
  EXPECT_EQ(rt_test::probe::live.load(), before);
}

TEST(Offload, AwaitedOffAnyLoopResumesOnThePoolThread) {
  // A foreign coroutine driven without an event loop.
  struct detached {
    struct promise_type {
      detached get_return_object() noexcept { return {}; }
      std::suspend_never initial_suspend() noexcept { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() noexcept {}
      void unhandled_exception() noexcept { std::terminate(); }
    };
  };
  struct shared {
    std::atomic<int> result{0};
    std::latch done{1};
  };
  // Shared ownership: the pool thread may still be inside count_down()
  // when the test returns.
  auto state = std::make_shared<shared>();
  auto run = [](std::shared_ptr<shared> s) -> detached {
    s->result = co_await rt::offload([] { return 5; });
    s->done.count_down();
  };
  run(state);
  state->done.wait();
  EXPECT_EQ(state->result.load(), 5);
}
