// Covers: silent look-alikes of blocking-wait: user types with get/wait/join, std::optional/std::variant get, awaiting a task, futures handled on another thread, and waits inside lambdas that are not invoked here.
#include <fixture/task.h>

#include <future>
#include <optional>
#include <thread>
#include <tuple>
#include <variant>

struct handle {
  int get() const { return 1; }
  void wait() {}
  void join() {}
};

fixture::task<int> compute() { co_return 42; }

fixture::task<int> user_waits(handle &h, std::future<int> &fut, fixture::thread_pool &pool) {
  int v = h.get(); // OK: member of a user type
  h.wait(); // OK: member of a user type
  h.join(); // OK: member of a user type
  std::tuple<int, int> t{1, 2};
  v += std::get<0>(t); // OK: std::get on a tuple
  std::variant<int, long> var = 3;
  v += std::get<int>(var); // OK: std::get on a variant
  std::optional<int> o = 4;
  v += o.value(); // OK: optional access
  v += co_await compute(); // OK: awaiting a task
  pool.submit([&fut] { fut.wait(); }); // OK: runs on the pool
  v += co_await fixture::offload([&fut] { return fut.get(); }); // OK: runs on the offload pool
  auto waiter = [&fut] { return fut.get(); }; // OK: never invoked here
  (void)waiter;
  co_return v;
}

int main() { return 0; }
