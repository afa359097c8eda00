#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/offload.hpp"
#include "asyncguard/rt/sleep.hpp"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

namespace {
rt::task<int> answer() {
  co_await rt::sleep_for(1ms);
  co_return 42;
}
} // namespace

TEST(BlockOn, ReturnsTheTaskResult) { EXPECT_EQ(rt::block_on(answer()), 42); }

TEST(BlockOn, RethrowsTheTaskException) {
  EXPECT_THROW(rt::block_on([]() -> rt::task<void> {
                 co_await rt::sleep_for(1ms);
                 throw std::out_of_range("nope");
               }()),
               std::out_of_range);
}

TEST(BlockOn, RefusesOnALoopThreadWithAClearError) {
  std::string message;
  bool refused = false;
  auto body = [&]() -> rt::task<void> {
    try {
      (void)rt::block_on(answer());
    } catch (const rt::nested_block_on &e) {
      refused = true;
      message = e.what();
    }
    co_return;
  };
  rt::block_on(body());
  EXPECT_TRUE(refused);
  EXPECT_NE(message.find("co_await"), std::string::npos);
}

TEST(BlockOn, NestedRefusalIsALogicError) {
  rt::event_loop loop;
  bool logic_error = false;
  loop.post([&] {
    try {
      (void)rt::block_on(answer());
    } catch (const std::logic_error &) {
      logic_error = true;
    }
  });
  loop.run();
  EXPECT_TRUE(logic_error);
}

TEST(BlockOn, AllowedOnAPoolThreadInsideAnOffload) {
  auto body = []() -> rt::task<int> {
    co_return co_await rt::offload([] { return rt::block_on(answer()); });
  };
  EXPECT_EQ(rt::block_on(body()), 42);
}

TEST(BlockOn, WaitsForTasksSpawnedByTheTask) {
  int side = 0;
  auto child = [](int &s) -> rt::task<void> {
    co_await rt::sleep_for(5ms);
    s = 1;
  };
  auto body = [&]() -> rt::task<void> {
    rt::event_loop::current()->spawn(child(side));
    co_return;
  };
  rt::block_on(body());
  EXPECT_EQ(side, 1);
}

TEST(BlockOn, ReportsALoopStoppedBeforeTheTaskFinished) {
  EXPECT_THROW(rt::block_on([]() -> rt::task<int> {
                 rt::event_loop::current()->stop();
                 co_await rt::sleep_for(1h);
                 co_return 1;
               }()),
               std::runtime_error);
}
