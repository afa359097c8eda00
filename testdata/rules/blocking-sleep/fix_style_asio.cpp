// CONFIG: {"fix_style": "asio"}
// Covers: fix_style "asio": a sleep becomes an asio::steady_timer wait, a blocking call runs on
// Asio's system executor through co_spawn and resumes on the coroutine's executor.
#include <asio.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <unistd.h>

std::string read_config();

asio::awaitable<void> poll_status(asio::ip::tcp::socket &sock) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // WARN: blocking-sleep
  int left = ::usleep(10); // WARN: blocking-sleep
  char buf[16];
  std::size_t n = sock.read_some(asio::buffer(buf)); // WARN: blocking-network
  co_await sock.async_read_some(asio::buffer(buf), asio::use_awaitable); // OK: async
  (void)left;
  (void)n;
}
