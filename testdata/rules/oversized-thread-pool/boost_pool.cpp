// Covers: boost::asio::thread_pool with a constant count above the budget (reported) and sized from the cores (silent); Boost.Asio cannot share a TU with standalone Asio.
#include <boost/asio/thread_pool.hpp>

#include <thread>

void boost_pools() {
  boost::asio::thread_pool big(300); // WARN: oversized-thread-pool
  boost::asio::thread_pool cores(std::thread::hardware_concurrency()); // OK: sized from the cores
  boost::asio::thread_pool small(4); // OK: a constant 4 threads
}

int main() {
  boost_pools();
  return 0;
}
