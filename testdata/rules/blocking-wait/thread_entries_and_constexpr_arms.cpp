// Covers: a lambda handed to std::thread that joins another thread runs on the new thread (silent), while a join in the coroutine itself is reported; discarded `if constexpr` arms are not code, the kept arm is.
#include <fixture/task.h>

#include <thread>

enum class Level { Info, Critical };

template <Level L> void flush_at(std::thread &worker) {
  if constexpr (L == Level::Critical)
    worker.join(); // the Critical instantiation keeps this arm
}

fixture::task<void> start(std::thread &other) {
  std::thread t([&] { other.join(); }); // OK: the lambda runs on the new thread
  t.detach();
  co_return;
}

fixture::task<void> stop(std::thread &other) {
  other.join(); // WARN: blocking-wait
  co_return;
}

fixture::task<void> flush_info(std::thread &w) {
  flush_at<Level::Info>(w); // OK: the join is in the discarded arm
  co_return;
}

fixture::task<void> flush_critical(std::thread &w) {
  flush_at<Level::Critical>(w); // WARN: blocking-wait
  co_return;
}
