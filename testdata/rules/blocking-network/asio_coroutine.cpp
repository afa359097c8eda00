// ARGS: -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
// Covers: a real Asio coroutine (asio::awaitable) with synchronous socket, resolver and free-function calls reported and their async_ twins with asio::use_awaitable silent.
#include <asio.hpp>

#include <array>
#include <string>

using asio::ip::tcp;

asio::awaitable<void> session(tcp::socket sock) {
  std::array<char, 1024> buf;
  std::size_t n = sock.read_some(asio::buffer(buf)); // WARN: blocking-network
  n = co_await sock.async_read_some(asio::buffer(buf), asio::use_awaitable); // OK: asynchronous read
  asio::write(sock, asio::buffer(buf, n)); // WARN: blocking-network
  co_await asio::async_write(sock, asio::buffer(buf, n), asio::use_awaitable); // OK: asynchronous write
  asio::streambuf line;
  asio::read_until(sock, line, '\n'); // WARN: blocking-network
  co_await asio::async_read_until(sock, line, '\n', asio::use_awaitable); // OK: asynchronous read
}

asio::awaitable<void> client(std::string host) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto endpoints = resolver.resolve(host, "80"); // WARN: blocking-network
  tcp::socket sock(executor);
  asio::connect(sock, endpoints); // WARN: blocking-network
  sock.close();
  co_await asio::async_connect(sock, endpoints, asio::use_awaitable); // OK: asynchronous connect
  sock.connect(*endpoints.begin()); // WARN: blocking-network
  auto more = co_await resolver.async_resolve(host, "443", asio::use_awaitable); // OK: asynchronous resolve
  (void)more;
}

asio::awaitable<void> listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket sock = acceptor.accept(); // WARN: blocking-network
    tcp::socket next = co_await acceptor.async_accept(asio::use_awaitable); // OK: asynchronous accept
    asio::co_spawn(acceptor.get_executor(), session(std::move(next)), asio::detached);
  }
}

int main() {
  asio::io_context io;
  tcp::socket sock(io);
  std::array<char, 16> buf;
  asio::error_code ec;
  sock.read_some(asio::buffer(buf), ec); // OK: main is not a coroutine
  asio::co_spawn(io, client("example.org"), asio::detached);
  io.run(); // OK: main is not a coroutine
  return 0;
}
