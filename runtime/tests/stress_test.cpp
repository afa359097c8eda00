// Stress: sizes scale with ASYNCGUARD_RT_STRESS_SCALE (the sanitizer script
// lowers it); at scale 1 each test finishes in seconds on 2 cores.
#include "asyncguard/rt/background_queue.hpp"
#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/offload.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "asyncguard/rt/socket.hpp"
#include "test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <random>
#include <thread>
#include <vector>

namespace rt = asyncguard::rt;
using namespace std::chrono_literals;

TEST(Stress, MillionOffloadsAllComplete) {
  const long total = rt_test::scaled(1'000'000, 2000);
  const int tasks = 32;
  rt::blocking_pool pool({.max_threads = 4, .keep_alive = 1s, .max_queued = 4096});
  long sum = 0; // loop thread only
  rt::event_loop loop;
  for (int t = 0; t < tasks; ++t)
    loop.spawn([](rt::blocking_pool &p, long &s, long n) -> rt::task<void> {
      for (long i = 0; i < n; ++i)
        s += co_await rt::offload(p, [] { return 1L; });
    }(pool, sum, total / tasks));
  loop.run();
  EXPECT_EQ(sum, (total / tasks) * tasks);
}

TEST(Stress, ManyProducersOnTheBackgroundQueueLoseNothingSilently) {
  const int producers = 16;
  const long per = rt_test::scaled(50'000, 500);
  std::atomic<long> ran{0};
  rt::background_queue q(4096);
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&] {
      for (long i = 0; i < per; ++i)
        (void)q.try_push([&] { ran.fetch_add(1, std::memory_order_relaxed); });
    });
  for (auto &t : threads)
    t.join();
  q.shutdown(30s);
  auto s = q.stats();
  EXPECT_EQ(s.pushed + s.dropped, static_cast<std::uint64_t>(producers * per));
  EXPECT_EQ(s.processed + s.discarded, s.pushed);
  EXPECT_EQ(static_cast<std::uint64_t>(ran.load()), s.processed);
}

namespace {

rt::task<void> echo_server(rt::socket &listener, int clients) {
  for (int i = 0; i < clients; ++i)
    rt::event_loop::current()->spawn(
        [](rt::socket c) -> rt::task<void> {
          rt_test::probe p;
          char buf[512];
          for (;;) {
            std::size_t n = co_await rt::async_read(c, buf, sizeof buf);
            if (n == 0)
              co_return;
            co_await rt::async_write(c, buf, n);
          }
        }(co_await rt::async_accept(listener)));
}

rt::task<void> chatty_client(std::uint16_t port) {
  rt_test::probe p;
  rt::socket s = rt::socket::tcp_v4();
  co_await rt::async_connect(s, "127.0.0.1", port);
  char buf[64] = "ping";
  for (;;) {
    co_await rt::async_write(s, buf, sizeof buf);
    std::size_t got = 0;
    while (got < sizeof buf)
      got += co_await rt::async_read(s, buf + got, sizeof buf - got);
  }
}

rt::task<void> sleeper_offloader(rt::blocking_pool &pool) {
  rt_test::probe p;
  for (;;) {
    co_await rt::sleep_for(1ms);
    co_await rt::offload(pool, [] { std::this_thread::sleep_for(200us); });
  }
}

} // namespace

TEST(Stress, LoopsStoppedMidFlightDestroyEveryTask) {
  const int rounds = static_cast<int>(rt_test::scaled(40, 4));
  rt::blocking_pool pool({.max_threads = 8, .keep_alive = 1s, .max_queued = 4096});
  std::mt19937 rng(1234);
  const int before = rt_test::probe::live.load();
  for (int r = 0; r < rounds; ++r) {
    {
      // Sockets used by tasks must outlive the loop that destroys the tasks.
      rt::socket listener = rt::socket::listen_tcp_v4("127.0.0.1", 0);
      rt::event_loop loop;
      const std::uint16_t port = listener.local_port();
      const int clients = 8;
      loop.spawn(echo_server(listener, clients));
      for (int i = 0; i < clients; ++i)
        loop.spawn(chatty_client(port));
      for (int i = 0; i < 16; ++i)
        loop.spawn(sleeper_offloader(pool));
      std::thread runner([&] { loop.run(); });
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 20000));
      loop.stop();
      runner.join();
    } // the loop is destroyed here, mid-flight
    ASSERT_EQ(rt_test::probe::live.load(), before) << "round " << r;
  }
}
