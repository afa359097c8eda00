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
  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::milliseconds(5)).async_wait(asio::use_awaitable); // WARN: blocking-sleep
  int left = ::usleep(10); // WARN: blocking-sleep
  char buf[16];
  std::size_t n = co_await asio::co_spawn(asio::system_executor(), [&]() -> asio::awaitable<std::size_t> { co_return sock.read_some(asio::buffer(buf)); }, asio::use_awaitable); // WARN: blocking-network
  co_await sock.async_read_some(asio::buffer(buf), asio::use_awaitable); // OK: async
  (void)left;
  (void)n;
}
