// Covers: concurrencpp result/shared_result get and wait (not wait_for(0ms)), manual_executor loops that wait for tasks; co_await, resolve() and resume_on stay silent.
#include <concurrencpp/concurrencpp.h>

#include <chrono>

using namespace std::chrono_literals;

concurrencpp::result<int> compute();

concurrencpp::result<int> consumer(concurrencpp::result<int> r, concurrencpp::shared_result<int> s,
                                   std::shared_ptr<concurrencpp::executor> bg) {
  int v = r.get(); // WARN: blocking-wait
  r.wait(); // WARN: blocking-wait
  r.wait_for(50ms); // WARN: blocking-wait
  r.wait_for(0ms); // OK: a zero timeout polls the status
  v += s.get(); // WARN: blocking-wait
  s.wait(); // WARN: blocking-wait
  v += co_await compute(); // OK: awaiting is the right thing
  co_await r.resolve(); // OK: an awaitable
  co_await concurrencpp::resume_on(bg); // OK: an awaitable switch to an executor
  co_return v;
}

concurrencpp::result<int> driver(concurrencpp::manual_executor &ex) {
  ex.loop_once(); // OK: runs queued tasks and returns, never waits
  ex.loop(8); // OK: runs queued tasks and returns, never waits
  ex.loop_for(8, 100ms); // WARN: nested-event-loop
  ex.wait_for_task(); // WARN: blocking-wait
  co_return 0;
}

int main() {
  concurrencpp::result<int> r = compute();
  return r.get(); // OK: main is not a coroutine
}
