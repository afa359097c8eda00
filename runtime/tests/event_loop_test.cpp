#include "asyncguard/rt/event_loop.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

TEST(EventLoop, RunReturnsWhenOutOfWork) {
  rt::event_loop loop;
  loop.run(); // nothing to do
  int hits = 0;
  loop.post([&] { ++hits; });
  loop.run();
  EXPECT_EQ(hits, 1);
}

TEST(EventLoop, SpawnedTaskRunsOnTheLoopThread) {
  rt::event_loop loop;
  std::thread::id seen;
  rt::event_loop *current = nullptr;
  // Coroutine lambdas that capture must outlive their frame: keep it named.
  auto body = [&]() -> rt::task<void> {
    seen = std::this_thread::get_id();
    current = rt::event_loop::current();
    co_return;
  };
  loop.spawn(body());
  std::thread t([&] { loop.run(); });
  std::thread::id runner = t.get_id();
  t.join();
  EXPECT_EQ(seen, runner);
  EXPECT_EQ(current, &loop);
  EXPECT_EQ(rt::event_loop::current(), nullptr);
}

TEST(EventLoop, SpawnQueuesTheFirstResumeInsteadOfRunningInline) {
  rt::event_loop loop;
  std::vector<int> order;
  auto body = [&]() -> rt::task<void> {
    order.push_back(2);
    co_return;
  };
  loop.post([&] {
    loop.spawn(body());
    order.push_back(1);
  });
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, PostsFromOneThreadRunInOrder) {
  rt::event_loop loop;
  std::vector<int> seen;
  for (int i = 0; i < 1000; ++i)
    loop.post([&seen, i] { seen.push_back(i); });
  loop.run();
  ASSERT_EQ(seen.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(seen[i], i);
}

TEST(EventLoop, PostIsThreadSafeAcrossManyProducers) {
  rt::event_loop loop;
  auto guard = loop.make_work_guard();
  const int producers = 4;
  const int per = static_cast<int>(rt_test::scaled(20000, 500));
  long count = 0; // only touched on the loop thread
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&] {
      for (int i = 0; i < per; ++i)
        loop.post([&] { ++count; });
      if (finished.fetch_add(1) + 1 == producers)
        loop.post([&] { guard.reset(); });
    });
  loop.run();
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(count, long(producers) * per);
}

TEST(EventLoop, SpawnFromAnotherThreadRunsOnTheLoop) {
  rt::event_loop loop;
  auto guard = loop.make_work_guard();
  std::atomic<bool> ran{false};
  std::thread runner([&] { loop.run(); });
  auto body = [&]() -> rt::task<void> {
    EXPECT_EQ(rt::event_loop::current(), &loop);
    ran = true;
    co_return;
  };
  loop.spawn(body());
  EXPECT_TRUE(rt_test::eventually([&] { return ran.load(); }));
  guard.reset();
  runner.join();
}

TEST(EventLoop, StopFromAnotherThreadMakesRunReturn) {
  rt::event_loop loop;
  auto guard = loop.make_work_guard(); // would otherwise run forever
  std::thread runner([&] { loop.run(); });
  std::this_thread::sleep_for(10ms);
  loop.stop();
  runner.join();
  SUCCEED();
}

TEST(EventLoop, StopLeavesPendingWorkForTheNextRun) {
  rt::event_loop loop;
  int hits = 0;
  loop.post([&] {
    ++hits;
    loop.stop();
  });
  loop.post([&] { ++hits; });
  loop.run();
  EXPECT_EQ(hits, 1);
  loop.run();
  EXPECT_EQ(hits, 2);
}

TEST(EventLoop, PostAfterRunsCallbacksInDeadlineOrder) {
  rt::event_loop loop;
  std::vector<int> order;
  auto t0 = rt::event_loop::clock::now();
  loop.post_after(30ms, [&] { order.push_back(3); });
  loop.post_after(10ms, [&] { order.push_back(1); });
  loop.post_after(20ms, [&] { order.push_back(2); });
  loop.post_after(20ms, [&] { order.push_back(22); }); // same deadline: FIFO
  loop.run();
  EXPECT_GE(rt::event_loop::clock::now() - t0, 30ms);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 22, 3}));
}

TEST(EventLoop, ExceptionFromSpawnedTaskGoesToTheHandler) {
  rt::event_loop loop;
  std::string what;
  loop.set_exception_handler([&](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception &ex) {
      what = ex.what();
    }
  });
  loop.spawn([]() -> rt::task<int> {
    throw std::runtime_error("task failed");
    co_return 1;
  }());
  loop.post([] { throw std::runtime_error("callback failed"); });
  loop.run();
  EXPECT_FALSE(what.empty());
}

TEST(EventLoop, DestructorDestroysPendingTasksWithoutResumingThem) {
  const int before = rt_test::probe::live.load();
  bool resumed = false;
  int started = 0;
  {
    rt::event_loop loop;
    // The last task to start stops the loop. A stop timer (post_after(5ms))
    // raced the tasks: a due timer fires before the ready queue runs, so on a
    // loaded machine (ThreadSanitizer in CI) no task had started yet.
    for (int i = 0; i < 10; ++i)
      loop.spawn([](bool &r, int &started, rt::event_loop &loop) -> rt::task<void> {
        rt_test::probe p;
        if (++started == 10)
          loop.stop();
        co_await rt::sleep_for(1h);
        r = true;
      }(resumed, started, loop));
    loop.run();
    EXPECT_EQ(loop.task_count(), 10u);
    EXPECT_EQ(rt_test::probe::live.load(), before + 10);
  }
  EXPECT_EQ(rt_test::probe::live.load(), before);
  EXPECT_FALSE(resumed);
}

TEST(EventLoop, DestructorDropsQueuedCallbacksWithoutRunningThem) {
  auto token = std::make_shared<int>(0);
  bool ran = false;
  {
    rt::event_loop loop;
    loop.post([&ran, token] { ran = true; });
    loop.post_after(1h, [&ran, token] { ran = true; });
    std::thread([&] { loop.post([&ran, token] { ran = true; }); }).join();
    EXPECT_EQ(token.use_count(), 4);
  }
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_FALSE(ran);
}

TEST(EventLoop, SecondConcurrentRunThrowsLogicError) {
  rt::event_loop loop;
  auto guard = loop.make_work_guard();
  std::thread runner([&] { loop.run(); });
  std::this_thread::sleep_for(10ms);
  EXPECT_THROW(loop.run(), std::logic_error);
  loop.stop();
  runner.join();
}

TEST(EventLoop, NestedRunOnTheLoopThreadThrowsLogicError) {
  rt::event_loop loop;
  rt::event_loop other;
  bool threw_same = false, threw_other = false;
  loop.post([&] {
    try {
      loop.run();
    } catch (const std::logic_error &) {
      threw_same = true;
    }
    try {
      other.run();
    } catch (const std::logic_error &) {
      threw_other = true;
    }
  });
  loop.run();
  EXPECT_TRUE(threw_same);
  EXPECT_TRUE(threw_other);
}

TEST(EventLoop, WorkGuardKeepsRunGoingUntilReleased) {
  rt::event_loop loop;
  auto guard = std::make_unique<rt::event_loop::work_guard>(loop.make_work_guard());
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    loop.run();
    returned = true;
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(returned.load());
  guard.reset();
  runner.join();
  EXPECT_TRUE(returned.load());
}

TEST(EventLoop, CurrentIsNullOutsideRun) {
  rt::event_loop loop;
  EXPECT_EQ(rt::event_loop::current(), nullptr);
  bool inside = false;
  loop.post([&] { inside = loop.is_in_loop_thread(); });
  loop.run();
  EXPECT_TRUE(inside);
  EXPECT_FALSE(loop.is_in_loop_thread());
}

TEST(EventLoop, PostAfterFromAnotherThreadFiresOnTheLoop) {
  rt::event_loop loop;
  auto guard = loop.make_work_guard();
  std::atomic<bool> fired{false};
  rt::event_loop *seen = nullptr;
  std::thread runner([&] { loop.run(); });
  std::thread([&] {
    loop.post_after(5ms, [&] {
      seen = rt::event_loop::current();
      fired = true;
      guard.reset();
    });
  }).join();
  runner.join();
  EXPECT_TRUE(fired.load());
  EXPECT_EQ(seen, &loop);
}
