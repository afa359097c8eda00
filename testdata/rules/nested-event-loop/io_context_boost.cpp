// Covers: boost::asio::io_context::run/run_one/run_until inside a coroutine (reported), poll_one and the same calls from main and from an offloaded lambda (silent).
#include <boost/asio/io_context.hpp>
#include <fixture/task.h>

#include <chrono>

fixture::task<void> drive_nested(boost::asio::io_context &io) {
  io.run(); // WARN: nested-event-loop
  io.run_one(); // WARN: nested-event-loop
  io.run_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(5)); // WARN: nested-event-loop
  io.poll_one(); // OK: poll_one never waits
  co_return;
}

fixture::task<void> offloaded(boost::asio::io_context &io) {
  co_await fixture::offload([&io] { io.run(); }); // OK: runs on the offload pool
}

int main() {
  boost::asio::io_context io;
  io.run(); // OK: main is not a coroutine
  return 0;
}
