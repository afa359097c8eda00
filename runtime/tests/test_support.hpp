#pragma once
// Helpers shared by the runtime tests.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace rt_test {

/// Counts live instances; put one in a coroutine frame to see it destroyed.
struct probe {
  static inline std::atomic<int> live{0};
  probe() { live.fetch_add(1); }
  probe(const probe &) { live.fetch_add(1); }
  ~probe() { live.fetch_sub(1); }
};

/// Scale factor for stress sizes (ASYNCGUARD_RT_STRESS_SCALE, default 1);
/// the sanitizer script lowers it.
inline double stress_scale() {
  const char *s = std::getenv("ASYNCGUARD_RT_STRESS_SCALE");
  if (!s || !*s)
    return 1.0;
  double v = std::atof(s);
  return v > 0 ? v : 1.0;
}

inline long scaled(long n, long minimum = 1) {
  long v = static_cast<long>(static_cast<double>(n) * stress_scale());
  return v < minimum ? minimum : v;
}

/// Polls `pred` until true or `timeout`; returns the last value.
template <class P>
bool eventually(P pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until)
      return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

} // namespace rt_test
