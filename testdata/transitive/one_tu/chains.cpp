// Covers: chains of one, two and three project functions in one TU; recursion; a helper called
// both inside and outside offload; a non-blocking helper; a stored lambda called later; a
// coroutine callee (its own blocking is reported inside it, not at the co_await).
#include <fixture/task.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace svc {

std::string read_file(const std::string &path) {
  std::ifstream in(path); // OK: a plain function; reported through its callers
  return std::string(std::istreambuf_iterator<char>(in), {});
}
std::string load_settings() { return read_file("/etc/svc.conf"); }
std::string settings_or_default() { return load_settings(); }

void backoff(int attempt) {
  if (attempt > 0) {
    ::usleep(1000); // OK: plain function
    backoff(attempt - 1); // OK: recursion is followed once
  }
}

int pure(int x) { return x * 2; } // OK: never blocks

fixture::task<int> inner() {
  ::sleep(1); // WARN: blocking-sleep
  co_return 1;
}

fixture::task<void> handle() {
  std::string a = read_file("/tmp/a"); // WARN: blocking-io
  std::string b = load_settings(); // WARN: blocking-io
  std::string c = settings_or_default(); // WARN: blocking-io
  backoff(3); // WARN: blocking-sleep
  int p = pure(21); // OK: pure helper
  std::string d = co_await fixture::offload([] { return load_settings(); }); // OK: offloaded
  auto later = [] { backoff(1); };
  later(); // WARN: blocking-sleep
  int i = co_await inner(); // OK: 'inner' is reported inside itself
  (void)p;
  (void)i;
}

void main_thread_only() {
  std::string s = load_settings(); // OK: not an async context
  backoff(2); // OK: not an async context
}

} // namespace svc
