// Covers: the synchronous operations of Boost.Asio (boost::asio::, real Boost 1.74 headers) inside a boost::asio::awaitable coroutine, one per class the catalogue lists; their async_ twins awaited with use_awaitable stay silent.
#include <utility> // Boost 1.74's awaitable.hpp uses std::exchange without including it
#include <boost/asio.hpp>

namespace net = boost::asio;
using net::ip::tcp;
using net::ip::udp;

net::awaitable<void> session(tcp::socket sock, udp::socket dgram, tcp::acceptor &acc,
                             tcp::resolver &res, net::steady_timer &timer,
                             net::posix::stream_descriptor &desc, net::io_context &ctx,
                             net::thread_pool &pool) {
  char data[64];
  sock.read_some(net::buffer(data)); // WARN: blocking-network
  sock.write_some(net::buffer(data)); // WARN: blocking-network
  sock.connect(tcp::endpoint{}); // WARN: blocking-network
  net::read(sock, net::buffer(data)); // WARN: blocking-network
  net::write(sock, net::buffer(data)); // WARN: blocking-network
  dgram.receive_from(net::buffer(data), *new udp::endpoint); // WARN: blocking-network
  acc.accept(); // WARN: blocking-network
  res.resolve("example.com", "http"); // WARN: blocking-network
  timer.wait(); // WARN: blocking-sleep
  desc.read_some(net::buffer(data)); // WARN: blocking-io
  ctx.run(); // WARN: nested-event-loop
  pool.join(); // WARN: blocking-wait
  co_await sock.async_read_some(net::buffer(data), net::use_awaitable); // OK: the async twin, awaited
  co_await net::async_write(sock, net::buffer(data), net::use_awaitable); // OK: the async twin, awaited
  co_await timer.async_wait(net::use_awaitable); // OK: the async twin, awaited
  ctx.poll(); // OK: runs ready handlers only, never waits
}
