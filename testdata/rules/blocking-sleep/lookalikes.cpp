// Covers: silent look-alikes of blocking-sleep: user functions named sleep, lambdas that run elsewhere (offload, thread_pool::submit, std::thread, a stored std::function), synchronous generators and plain functions.
#include <fixture/task.h>

#include <chrono>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace timing {
inline int sleep(int seconds) { return seconds; }
inline void sleep_for(std::chrono::milliseconds) {}
} // namespace timing

struct robot {
  void sleep(int) {}
  int usleep(int us) { return us; }
};

struct worker {
  std::function<void()> on_idle;
};

fixture::task<void> user_sleeps(robot &r) {
  co_await app::sleep(1); // OK: app::sleep is a user awaitable
  timing::sleep(1); // OK: timing::sleep is not ::sleep
  timing::sleep_for(5ms); // OK: not std::this_thread::sleep_for
  r.sleep(3); // OK: member of a user class
  r.usleep(10); // OK: member of a user class
}

fixture::task<void> runs_elsewhere(fixture::thread_pool &pool, worker &w) {
  co_await fixture::offload([] { ::sleep(1); }); // OK: runs on the offload pool
  co_await fixture::offload([] {
    std::this_thread::sleep_for(10ms); // OK: body of an offloaded lambda
  });
  pool.submit([] { ::usleep(100); }); // OK: runs on the pool
  std::thread t([] { ::sleep(1); }); // OK: runs on its own thread
  t.detach();
  w.on_idle = [] { ::sleep(1); }; // OK: stored, called later elsewhere
  auto later = [] { ::sleep(1); }; // OK: defined, never invoked here
  w.on_idle = later;
  co_return;
}

fixture::generator<int> countdown(int from) {
  for (int i = from; i > 0; --i) {
    ::usleep(10); // OK: synchronous generator (co_yield only)
    co_yield i;
  }
}

void plain_function() {
  std::this_thread::sleep_for(1ms); // OK: not a coroutine
  ::sleep(1); // OK: not a coroutine
}

int main() {
  int sum = 0;
  for (int v : countdown(3))
    sum += v;
  plain_function();
  return sum;
}
