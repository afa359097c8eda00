// Covers: the sleep family in every kind of coroutine body (free, member, static member, function template instantiated twice, class template member, lambda coroutine, immediately invoked lambda), and a blocking call inside a user macro reported at its use site.
#include <fixture/task.h>

#include <chrono>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace std::chrono_literals;

#define NAP_BRIEFLY() std::this_thread::sleep_for(std::chrono::milliseconds(1))

fixture::task<void> free_coroutine() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // WARN: blocking-sleep
  std::this_thread::sleep_for(0ms); // WARN: blocking-sleep
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 5ms); // WARN: blocking-sleep
  ::sleep(1); // WARN: blocking-sleep
  sleep(2); // WARN: blocking-sleep
  usleep(500); // WARN: blocking-sleep
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr); // WARN: blocking-sleep
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr); // WARN: blocking-sleep
  co_await app::sleep(1); // OK: user awaitable, not ::sleep
}

fixture::task<int> multi_line_call() {
  std::this_thread::sleep_for( // WARN: blocking-sleep
      std::chrono::milliseconds(
          10));
  co_return 1;
}

fixture::task<void> macro_use_site() {
  NAP_BRIEFLY(); // WARN: blocking-sleep
  co_return;
}

class poller {
public:
  fixture::task<void> tick() {
    ::usleep(100); // WARN: blocking-sleep
    co_return;
  }

  static fixture::task<void> once() {
    ::sleep(1); // WARN: blocking-sleep
    co_return;
  }
};

template <typename T> fixture::task<T> delayed(T value) {
  std::this_thread::sleep_for(10ms); // WARN: blocking-sleep
  co_return value;
}

template <typename T> class cache {
public:
  fixture::task<T> refresh() {
    ::sleep(1); // WARN: blocking-sleep
    co_return T{};
  }
};

void instantiate_templates() {
  auto a = delayed(1);
  auto b = delayed(2.5);
  cache<int> c;
  auto d = c.refresh();
}

void lambda_coroutine() {
  auto handler = []() -> fixture::task<void> {
    std::this_thread::sleep_for(1ms); // WARN: blocking-sleep
    co_return;
  };
  auto t = handler();
}

fixture::task<void> immediately_invoked_lambda() {
  [&] {
    ::usleep(100); // WARN: blocking-sleep
  }();
  [] { std::this_thread::sleep_for(1ms); }(); // WARN: blocking-sleep
  co_return;
}

int main() {
  instantiate_templates();
  lambda_coroutine();
  ::sleep(0); // OK: main is not a coroutine
  NAP_BRIEFLY(); // OK: macro used outside any coroutine
  return 0;
}
