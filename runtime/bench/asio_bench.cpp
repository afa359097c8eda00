// Standalone Asio side of the benchmarks (the same work as rt_bench.cpp).
// io_context with concurrency hint 1, asio::thread_pool, co_spawn/use_awaitable.
#include "bench_common.hpp"

#include <asio.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

using bench::clk;
using asio::ip::tcp;

namespace {

struct reposter {
  asio::io_context *ctx;
  long *count;
  void operator()() const {
    if (++*count < bench::post_self_n)
      asio::post(*ctx, *this);
  }
};

void post_self() {
  asio::io_context ctx(1);
  long count = 0;
  asio::post(ctx, reposter{&ctx, &count});
  auto t0 = clk::now();
  ctx.run();
  bench::report("post_self", double(count) / bench::seconds_since(t0), "ops/s", true);
}

void post_cross() {
  asio::io_context ctx(1);
  long count = 0;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard(
      ctx.get_executor());
  auto t0 = clk::now();
  std::thread producer([&] {
    for (long i = 0; i < bench::post_cross_n; ++i)
      asio::post(ctx, [&count] { ++count; });
    asio::post(ctx, [&] { guard.reset(); });
  });
  ctx.run();
  double s = bench::seconds_since(t0);
  producer.join();
  bench::report("post_cross", double(count) / s, "ops/s", true);
}

void offload_rtt(const char *name, asio::thread_pool &pool) {
  asio::io_context ctx(1);
  std::vector<double> samples;
  samples.reserve(bench::offload_n);
  auto body = [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 200; ++i)
      (void)co_await asio::co_spawn(
          pool, []() -> asio::awaitable<int> { co_return 1; }, asio::use_awaitable);
    for (int i = 0; i < bench::offload_n; ++i) {
      auto t0 = clk::now();
      int v = co_await asio::co_spawn(
          pool, [i]() -> asio::awaitable<int> { co_return i; }, asio::use_awaitable);
      samples.push_back(std::chrono::duration<double, std::micro>(clk::now() - t0).count());
      if (v != i)
        std::abort();
    }
  };
  asio::co_spawn(ctx, body(), asio::detached);
  ctx.run();
  bench::report(name, bench::median(samples), "us", false);
}

void timers() {
  asio::io_context ctx(1);
  long fired = 0;
  std::vector<std::unique_ptr<asio::steady_timer>> ts;
  ts.reserve(bench::timers_n);
  auto t0 = clk::now();
  asio::post(ctx, [&] { // scheduled on the io_context thread, as a server would
    auto now = asio::steady_timer::clock_type::now();
    for (long i = 0; i < bench::timers_n; ++i) {
      ts.push_back(std::make_unique<asio::steady_timer>(
          ctx, now + std::chrono::microseconds((i % 1000) * bench::timer_spread_us)));
      ts.back()->async_wait([&fired](const asio::error_code &) { ++fired; });
    }
  });
  ctx.run();
  double s = bench::seconds_since(t0);
  if (fired != bench::timers_n)
    std::abort();
  bench::report("timers_1e6", double(fired) / s, "timers/s", true);
}

asio::awaitable<void> echo_session(tcp::socket s) {
  char buf[16384];
  try {
    for (;;) {
      std::size_t n = co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
      co_await asio::async_write(s, asio::buffer(buf, n), asio::use_awaitable);
    }
  } catch (const std::exception &) {
    // end of stream
  }
}

asio::awaitable<void> echo_listener(tcp::acceptor &a, int conns) {
  for (int i = 0; i < conns; ++i) {
    tcp::socket s = co_await a.async_accept(asio::use_awaitable);
    s.set_option(tcp::no_delay(true));
    asio::co_spawn(a.get_executor(), echo_session(std::move(s)), asio::detached);
  }
}

asio::awaitable<void> echo_client(tcp::endpoint ep, long &bytes) {
  tcp::socket s(co_await asio::this_coro::executor);
  co_await s.async_connect(ep, asio::use_awaitable);
  s.set_option(tcp::no_delay(true));
  std::vector<char> msg(bench::echo_msg, 'x'), in(bench::echo_msg);
  for (int i = 0; i < bench::echo_round_trips; ++i) {
    co_await asio::async_write(s, asio::buffer(msg), asio::use_awaitable);
    std::size_t got = co_await asio::async_read(s, asio::buffer(in), asio::use_awaitable);
    bytes += static_cast<long>(got);
  }
}

void tcp_echo() {
  asio::io_context server_ctx(1);
  tcp::acceptor acceptor(server_ctx, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::endpoint ep = acceptor.local_endpoint();
  asio::co_spawn(server_ctx, echo_listener(acceptor, bench::echo_conns), asio::detached);
  std::thread server([&] { server_ctx.run(); });
  long bytes = 0;
  auto t0 = clk::now();
  {
    asio::io_context ctx(1);
    for (int c = 0; c < bench::echo_conns; ++c)
      asio::co_spawn(ctx, echo_client(ep, bytes), asio::detached);
    ctx.run();
  }
  double s = bench::seconds_since(t0);
  server.join();
  bench::report("tcp_echo", double(bytes) / s / 1e6, "MB/s", true);
}

} // namespace

int main(int argc, char **argv) {
  if (bench::wanted(argc, argv, "post_self"))
    post_self();
  if (bench::wanted(argc, argv, "post_cross"))
    post_cross();
  if (bench::wanted(argc, argv, "offload")) {
    asio::thread_pool pool(2);
    offload_rtt("offload_rtt_pool2", pool);
    asio::thread_pool pool64(64); // stands in for the elastic default pool
    offload_rtt("offload_rtt_default", pool64);
  }
  if (bench::wanted(argc, argv, "timers"))
    timers();
  if (bench::wanted(argc, argv, "tcp_echo"))
    tcp_echo();
}
