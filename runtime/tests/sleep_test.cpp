#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;
using clk = std::chrono::steady_clock;

namespace {

// The analyzer's fix target, spelled exactly as the fix writes it.
rt::task<void> fixed_code() {
  co_await asyncguard::rt::sleep_for(std::chrono::milliseconds(5));
}

rt::task<void> sleep_then_push(std::chrono::milliseconds d, int id, std::vector<int> &out) {
  co_await rt::sleep_for(d);
  out.push_back(id);
}

rt::task<bool> sleep_cancellable(std::chrono::milliseconds d, rt::cancel_token tok) {
  try {
    co_await rt::sleep_for(d, tok);
  } catch (const std::system_error &e) {
    co_return e.code() == std::errc::operation_canceled;
  }
  co_return false;
}

} // namespace

TEST(Sleep, AnalyzerFixSpellingCompilesAndWaits) {
  auto t0 = clk::now();
  rt::block_on(fixed_code());
  EXPECT_GE(clk::now() - t0, 5ms);
}

TEST(Sleep, SleepForWaitsAtLeastTheDuration) {
  auto t0 = clk::now();
  rt::block_on([]() -> rt::task<void> { co_await rt::sleep_for(20ms); }());
  EXPECT_GE(clk::now() - t0, 20ms);
}

TEST(Sleep, SleepUntilAPastDeadlineStillCompletes) {
  rt::block_on([]() -> rt::task<void> {
    co_await rt::sleep_until(clk::now() - 1s);
    co_await rt::sleep_for(-5ms);
  }());
  SUCCEED();
}

TEST(Sleep, SleepForOffAnyLoopThrowsLogicError) {
  EXPECT_THROW((void)rt::sleep_for(1ms), std::logic_error);
}

TEST(Sleep, ConcurrentSleepsWakeInDeadlineOrder) {
  std::vector<int> out;
  rt::event_loop loop;
  loop.spawn(sleep_then_push(30ms, 3, out));
  loop.spawn(sleep_then_push(10ms, 1, out));
  loop.spawn(sleep_then_push(20ms, 2, out));
  auto t0 = clk::now();
  loop.run();
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3}));
  EXPECT_LT(clk::now() - t0, 2s); // concurrent, not 60 ms in sequence... loosely
}

TEST(Sleep, CancellingAPendingSleepThrowsOperationCanceled) {
  rt::cancel_source src;
  rt::event_loop loop;
  bool cancelled = false;
  auto body = [&]() -> rt::task<void> { cancelled = co_await sleep_cancellable(1h, src.token()); };
  loop.spawn(body());
  loop.post_after(5ms, [&] { src.request_cancel(); });
  auto t0 = clk::now();
  loop.run();
  EXPECT_TRUE(cancelled);
  EXPECT_LT(clk::now() - t0, 10s);
}

TEST(Sleep, CancelRequestedBeforeTheSleepFailsAtOnce) {
  rt::cancel_source src;
  src.request_cancel();
  EXPECT_TRUE(rt::block_on(sleep_cancellable(1h, src.token())));
}

TEST(Sleep, CancelFromAnotherThreadWakesTheSleeper) {
  rt::cancel_source src;
  std::thread canceller([&] {
    std::this_thread::sleep_for(10ms);
    src.request_cancel();
  });
  EXPECT_TRUE(rt::block_on(sleep_cancellable(1h, src.token())));
  canceller.join();
}

TEST(Sleep, CancelAfterCompletionIsHarmless) {
  rt::cancel_source src;
  EXPECT_FALSE(rt::block_on(sleep_cancellable(1ms, src.token())));
  src.request_cancel();
  EXPECT_TRUE(src.cancel_requested());
}
