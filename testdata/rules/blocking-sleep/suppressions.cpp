// Covers: NOLINT, NOLINT(asyncguard-blocking-sleep), NOLINTNEXTLINE, NOLINTBEGIN/NOLINTEND, and a NOLINT for a different rule that does not silence.
#include <fixture/task.h>

#include <chrono>
#include <thread>
#include <unistd.h>

fixture::task<void> suppressed() {
  ::sleep(1); // NOLINT(asyncguard-blocking-sleep)
  ::usleep(5); // NOLINT
  // NOLINTNEXTLINE(asyncguard-blocking-sleep)
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // NOLINTBEGIN(asyncguard-blocking-sleep)
  ::sleep(2);
  ::usleep(10);
  // NOLINTEND(asyncguard-blocking-sleep)
  ::sleep(3); // NOLINT(asyncguard-blocking-io) // WARN: blocking-sleep
  // NOLINTNEXTLINE(asyncguard-blocking-wait)
  ::usleep(20); // WARN: blocking-sleep
  ::sleep(4); // WARN: blocking-sleep
  co_return;
}

int main() {
  auto t = suppressed();
  return 0;
}
