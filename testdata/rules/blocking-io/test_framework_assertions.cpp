// Covers: assertion macros of doctest and Catch2 compiled as project code (cppcoro's and libcoro's vendored copies) are not followed into the framework, whose only file access is at startup or on a failure; a project function called from the same coroutine test still is.
#include <fixture/task.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace doctest::detail {
inline bool isDebuggerActive() {
  std::ifstream in("/proc/self/status");
  return in.good();
}
struct ResultBuilder {
  bool log() { return failed && isDebuggerActive(); }
  bool failed = false;
};
} // namespace doctest::detail

namespace Catch {
struct FileStream {
  explicit FileStream(const std::string &name) { out.open(name); }
  std::ofstream out;
};
struct AssertionHandler {
  AssertionHandler() {
    if (!reporterReady)
      FileStream stream("report.xml");
  }
  bool reporterReady = true;
};
} // namespace Catch

#define CHECK(expr) doctest::detail::ResultBuilder{!(expr)}.log()
#define REQUIRE(expr) (Catch::AssertionHandler{}, (void)(expr))

namespace app {
int settle() { return static_cast<int>(::usleep(1000)); }
} // namespace app

fixture::task<int> coroutine_test(int value) {
  CHECK(value == 42); // OK: doctest reports to the console; its file read is on a failure, from /proc
  REQUIRE(value == 42); // OK: Catch2 opens its report file at startup
  co_return app::settle(); // WARN: blocking-sleep
}
