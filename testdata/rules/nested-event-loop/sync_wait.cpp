// Covers: cppcoro::sync_wait and folly::coro::blockingWait (a function object: the call resolves to blocking_wait_fn::operator()) inside coroutines are reported; the same in main and in a cppcoro synchronous generator stay silent.
#include <cppcoro/generator.hpp>
#include <cppcoro/sync_wait.hpp>
#include <cppcoro/task.hpp>
#include <folly/experimental/coro/BlockingWait.h>
#include <folly/experimental/coro/Task.h>

cppcoro::task<int> answer() { co_return 42; }

cppcoro::task<int> nested_cppcoro() {
  auto t = answer();
  int v = cppcoro::sync_wait(t); // WARN: nested-event-loop
  v += co_await answer(); // OK: awaiting is the right thing
  co_return v;
}

folly::coro::Task<int> folly_answer() { co_return 7; }

folly::coro::Task<int> nested_folly() {
  int v = folly::coro::blockingWait(folly_answer()); // WARN: nested-event-loop
  v += folly::coro::blocking_wait(folly_answer()); // WARN: nested-event-loop
  v += co_await folly_answer(); // OK: awaiting is the right thing
  co_return v;
}

cppcoro::generator<int> numbers() {
  co_yield cppcoro::sync_wait(answer()); // OK: synchronous generator (co_yield only)
}

int main() {
  int v = cppcoro::sync_wait(answer()); // OK: main is not a coroutine
  v += folly::coro::blockingWait(folly_answer()); // OK: main is not a coroutine
  for (int n : numbers())
    v += n;
  return v;
}
