#include "asyncguard/rt/event_loop.hpp"
#include "asyncguard/rt/stall_detector.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {
rt::loop_options with_detector(std::chrono::nanoseconds threshold,
                               std::vector<std::chrono::nanoseconds> &hits) {
  rt::loop_options o;
  o.stall = rt::stall_detector{threshold, [&hits](std::chrono::nanoseconds d) {
                                 hits.push_back(d);
                               }};
  return o;
}
// On a loaded machine an unrelated turn can also be descheduled past the
// threshold, so the tests look for the longest report, not an exact count.
std::chrono::nanoseconds longest(const std::vector<std::chrono::nanoseconds> &hits) {
  return hits.empty() ? std::chrono::nanoseconds::zero()
                      : *std::max_element(hits.begin(), hits.end());
}
} // namespace

TEST(StallDetector, DefaultThresholdIs100ms) {
  EXPECT_EQ(rt::stall_detector{}.threshold, 100ms);
}

TEST(StallDetector, ReportsACallbackLongerThanTheThreshold) {
  std::vector<std::chrono::nanoseconds> hits;
  rt::event_loop loop(with_detector(20ms, hits));
  loop.post([] { std::this_thread::sleep_for(50ms); });
  loop.run();
  ASSERT_GE(hits.size(), 1u);
  EXPECT_GE(longest(hits), 50ms);
}

TEST(StallDetector, StaysQuietForShortCallbacks) {
  std::vector<std::chrono::nanoseconds> hits;
  rt::event_loop loop(with_detector(200ms, hits));
  for (int i = 0; i < 100; ++i)
    loop.post([] {});
  loop.run();
  EXPECT_TRUE(hits.empty());
}

TEST(StallDetector, ReportsABlockingCoroutineResume) {
  std::vector<std::chrono::nanoseconds> hits;
  rt::event_loop loop(with_detector(20ms, hits));
  loop.spawn([]() -> rt::task<void> {
    std::this_thread::sleep_for(40ms); // the mistake the analyzer flags
    co_return;
  }());
  loop.run();
  ASSERT_GE(hits.size(), 1u);
  EXPECT_GE(longest(hits), 40ms);
}

TEST(StallDetector, ReportsAStallingTimerCallback) {
  std::vector<std::chrono::nanoseconds> hits;
  rt::event_loop loop(with_detector(20ms, hits));
  loop.post_after(1ms, [] { std::this_thread::sleep_for(30ms); });
  loop.run();
  ASSERT_GE(hits.size(), 1u);
  EXPECT_GE(longest(hits), 30ms);
}

TEST(StallDetector, ThrowingHookGoesToTheExceptionHandler) {
  rt::loop_options o;
  o.stall = rt::stall_detector{1ms, [](std::chrono::nanoseconds) { throw 7; }};
  rt::event_loop loop(o);
  int reported = 0;
  loop.set_exception_handler([&](std::exception_ptr) { ++reported; });
  loop.post([] { std::this_thread::sleep_for(5ms); });
  loop.spawn([]() -> rt::task<void> {
    std::this_thread::sleep_for(5ms);
    co_return;
  }());
  loop.run();
  EXPECT_GE(reported, 2);
}
