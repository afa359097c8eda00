// Covers: stdexec::sync_wait and unifex::sync_wait (function objects: the call resolves to their operator()) and stdexec::run_loop::run inside a coroutine are nested event loops; the same in main stays silent.
#include <fixture/task.h>
#include <stdexec/execution.hpp>
#include <unifex/sync_wait.hpp>

fixture::task<int> senders(stdexec::run_loop &loop) {
  auto r = stdexec::sync_wait(stdexec::just(1)); // WARN: nested-event-loop
  auto u = unifex::sync_wait(unifex::just(2)); // WARN: nested-event-loop
  loop.run(); // WARN: nested-event-loop
  loop.finish(); // OK: only asks the loop to stop
  co_return r ? *u : 0;
}

int main() {
  auto r = stdexec::sync_wait(stdexec::just(1)); // OK: main is not a coroutine
  return r ? 0 : 1;
}
