// Covers: async_simple's syncAwait inside a Lazy coroutine is a nested event loop, Future::get/wait wait; co_await of the same Lazy and syncAwait in main stay silent.
#include <async_simple/coro/Lazy.h>

using async_simple::coro::Lazy;

Lazy<int> answer() { co_return 42; }

Lazy<int> nested() {
  int v = async_simple::coro::syncAwait(answer()); // WARN: nested-event-loop
  v += co_await answer(); // OK: awaiting is the right thing
  co_return v;
}

Lazy<int> waits(async_simple::Future<int> f, async_simple::Future<int> g) {
  g.wait(); // WARN: blocking-wait
  int v = std::move(f).get(); // WARN: blocking-wait
  if (g.hasResult()) // OK: asks, never waits
    v += 1;
  co_return v + co_await answer();
}

int main() {
  return async_simple::coro::syncAwait(nested()); // OK: main is not a coroutine
}
