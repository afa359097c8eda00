// asyncguard::rt side of the benchmarks (see run.sh; the Asio twin is asio_bench.cpp).
#include "bench_common.hpp"

#include <asyncguard/rt.hpp>

#include <atomic>
#include <thread>

namespace rt = asyncguard::rt;
using bench::clk;

namespace {

struct reposter {
  rt::event_loop *loop;
  long *count;
  void operator()() const {
    if (++*count < bench::post_self_n)
      loop->post(*this);
  }
};

void post_self() {
  rt::event_loop loop;
  long count = 0;
  loop.post(reposter{&loop, &count});
  auto t0 = clk::now();
  loop.run();
  bench::report("post_self", double(count) / bench::seconds_since(t0), "ops/s", true);
}

void post_cross() {
  rt::event_loop loop;
  long count = 0;
  auto guard = std::make_unique<rt::event_loop::work_guard>(loop.make_work_guard());
  auto t0 = clk::now();
  std::thread producer([&] {
    for (long i = 0; i < bench::post_cross_n; ++i)
      loop.post([&count] { ++count; });
    loop.post([&] { guard.reset(); });
  });
  loop.run();
  double s = bench::seconds_since(t0);
  producer.join();
  bench::report("post_cross", double(count) / s, "ops/s", true);
}

template <class Pool>
void offload_rtt(const char *name, Pool &pool, rt::loop_options options = {}) {
  std::vector<double> samples;
  samples.reserve(bench::offload_n);
  auto body = [&]() -> rt::task<void> {
    for (int i = 0; i < 200; ++i) // warm-up: threads started, caches hot
      (void)co_await rt::offload(pool, [] { return 1; });
    for (int i = 0; i < bench::offload_n; ++i) {
      auto t0 = clk::now();
      int v = co_await rt::offload(pool, [i] { return i; });
      samples.push_back(std::chrono::duration<double, std::micro>(clk::now() - t0).count());
      if (v != i)
        std::abort();
    }
  };
  rt::event_loop loop(std::move(options));
  loop.spawn(body());
  loop.run();
  bench::report(name, bench::median(samples), "us", false);
}

void timers() {
  rt::event_loop loop;
  long fired = 0;
  auto t0 = clk::now();
  loop.post([&] { // scheduled on the loop thread, as a server would
    auto now = rt::event_loop::clock::now();
    for (long i = 0; i < bench::timers_n; ++i)
      loop.post_at(now + std::chrono::microseconds((i % 1000) * bench::timer_spread_us),
                   [&fired] { ++fired; });
  });
  loop.run();
  double s = bench::seconds_since(t0);
  if (fired != bench::timers_n)
    std::abort();
  bench::report("timers_1e6", double(fired) / s, "timers/s", true);
}

rt::task<void> echo_session(rt::socket s) {
  char buf[16384];
  for (;;) {
    std::size_t n = co_await rt::async_read(s, buf, sizeof buf);
    if (n == 0)
      co_return;
    co_await rt::async_write(s, buf, n);
  }
}

rt::task<void> echo_listener(rt::socket &l, int conns) {
  for (int i = 0; i < conns; ++i) {
    rt::socket s = co_await rt::async_accept(l);
    s.set_no_delay(true);
    rt::event_loop::current()->spawn(echo_session(std::move(s)));
  }
}

rt::task<void> echo_client(std::uint16_t port, long &bytes) {
  rt::socket s = rt::socket::tcp_v4();
  co_await rt::async_connect(s, "127.0.0.1", port);
  s.set_no_delay(true);
  std::vector<char> msg(bench::echo_msg, 'x'), in(bench::echo_msg);
  for (int i = 0; i < bench::echo_round_trips; ++i) {
    co_await rt::async_write(s, msg.data(), msg.size());
    std::size_t got = 0;
    while (got < msg.size()) {
      std::size_t n = co_await rt::async_read(s, in.data() + got, in.size() - got);
      if (n == 0)
        std::abort();
      got += n;
    }
    bytes += static_cast<long>(got);
  }
}

void tcp_echo() {
  rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
  std::uint16_t port = listener.local_port();
  std::thread server([&] {
    rt::event_loop loop;
    loop.spawn(echo_listener(listener, bench::echo_conns));
    loop.run();
  });
  long bytes = 0;
  auto t0 = clk::now();
  {
    rt::event_loop loop;
    for (int c = 0; c < bench::echo_conns; ++c)
      loop.spawn(echo_client(port, bytes));
    loop.run();
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
    rt::thread_pool pool(2);
    offload_rtt("offload_rtt_pool2", pool);
    offload_rtt("offload_rtt_default", rt::default_blocking_pool());
    // What the brief polling buys: the same round trip with it switched off
    // on both the loop and the pool (compared with Asio's 2-thread pool).
    rt::thread_pool quiet(2, std::chrono::nanoseconds::zero());
    rt::loop_options no_spin;
    no_spin.idle_spin = std::chrono::nanoseconds::zero();
    offload_rtt("offload_rtt_nospin", quiet, no_spin);
  }
  if (bench::wanted(argc, argv, "timers"))
    timers();
  if (bench::wanted(argc, argv, "tcp_echo"))
    tcp_echo();
}
