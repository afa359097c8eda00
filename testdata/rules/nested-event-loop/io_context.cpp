// ARGS: -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// Covers: running a standalone asio::io_context from inside a coroutine is reported (run, run_one, run_for); poll only runs ready handlers and stays silent; running it from main is the intended use. Boost.Asio is in io_context_boost.cpp (the two cannot share a TU).
#include <asio.hpp>
#include <fixture/task.h>

#include <chrono>

fixture::task<void> drive_nested(asio::io_context &io) {
  io.run(); // WARN: nested-event-loop
  io.run_one(); // WARN: nested-event-loop
  io.run_for(std::chrono::milliseconds(10)); // WARN: nested-event-loop
  io.poll(); // OK: poll never waits
  co_return;
}

asio::awaitable<void> inside_asio(asio::io_context &other) {
  other.run(); // WARN: nested-event-loop
  co_return;
}

fixture::task<void> offloaded(asio::io_context &io) {
  co_await fixture::offload([&io] { io.run(); }); // OK: runs on the offload pool
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, inside_asio(io), asio::detached);
  io.run(); // OK: main is not a coroutine
  return 0;
}
