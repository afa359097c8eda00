// Covers: boost::cobalt::run inside a cobalt task is a nested event loop, cobalt::thread::join waits; the awaitable cobalt::join(...) and run in main stay silent.
#include <boost/cobalt.hpp>

namespace cobalt = boost::cobalt;

cobalt::task<int> answer() { co_return 42; }

cobalt::task<int> nested(cobalt::thread &thr) {
  int v = cobalt::run(answer()); // WARN: nested-event-loop
  thr.join(); // WARN: blocking-wait
  co_await cobalt::join(answer(), answer()); // OK: an awaitable, not thread::join
  co_await thr; // OK: awaiting the thread is the right thing
  co_return v + co_await answer();
}

int main() {
  return cobalt::run(answer()); // OK: main is not a coroutine
}
