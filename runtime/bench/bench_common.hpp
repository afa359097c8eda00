#pragma once
// Plain benchmark harness shared by rt_bench and asio_bench: every benchmark
// prints one line "RESULT <name> <value> <unit> <higher|lower>" that run.sh
// turns into the ratio table.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace bench {

using clk = std::chrono::steady_clock;

inline double seconds_since(clk::time_point t0) {
  return std::chrono::duration<double>(clk::now() - t0).count();
}

inline void report(const char *name, double value, const char *unit, bool higher_is_better) {
  std::printf("RESULT %s %.6g %s %s\n", name, value, unit, higher_is_better ? "higher" : "lower");
  std::fflush(stdout);
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

inline bool wanted(int argc, char **argv, const char *name) {
  if (argc < 2)
    return true;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], name) == 0 || std::strcmp(argv[i], "all") == 0)
      return true;
  return false;
}

// Shared sizes, so both sides do the same work.
constexpr long post_self_n = 5'000'000;
constexpr long post_cross_n = 2'000'000;
constexpr int offload_n = 20'000;
constexpr long timers_n = 1'000'000;
constexpr int timer_spread_us = 10; // deadline of timer i: now + (i % 1000) * 10us
constexpr int echo_conns = 16;
constexpr int echo_round_trips = 5'000; // per connection
constexpr std::size_t echo_msg = 1024;

} // namespace bench
