// Covers: libcoro built as project code (its headers and sources in the database, as in its own repository or a FetchContent build): the scheduler's O_NONBLOCK wake-up pipe write and the non-blocking socket calls behind 'co_await poll()' are not followed, so spawn, event::set and client::recv are not findings; sync_wait, process_events with a timeout and shutdown are (shapes from jbaldwin/libcoro 277467f).
#include <fixture/task.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <sys/socket.h>
#include <unistd.h>

namespace coro {
namespace detail {
struct pipe_t {
  long write(const void *bytes, std::size_t n) { return ::write(fd, bytes, n); }
  int fd = -1;
};
} // namespace detail

class scheduler {
public:
  void resume() { m_wake.write("x", 1); }
  void spawn_detached() { resume(); }
  std::size_t process_events(std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    resume();
    return static_cast<std::size_t>(timeout.count());
  }
  void shutdown() {
    std::unique_lock<std::mutex> lk(m_mutex);
    m_done.wait(lk);
  }

private:
  detail::pipe_t m_wake;
  std::mutex m_mutex;
  std::condition_variable m_done;
};

class event {
public:
  void set(scheduler &s) { s.resume(); }
};

namespace net::tcp {
class client {
public:
  long recv(char *buffer, std::size_t size) { return ::recv(fd, buffer, size, 0); }
  int fd = -1;
};
} // namespace net::tcp

template <typename Awaitable> int sync_wait(Awaitable &&) {
  std::mutex m;
  std::condition_variable cv;
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk);
  return 0;
}
} // namespace coro

namespace app {
int helper_that_blocks() { return static_cast<int>(::sleep(1)); }
} // namespace app

fixture::task<int> work() { co_return 1; }

fixture::task<int> serve(coro::scheduler &s, coro::event &e, coro::net::tcp::client &c) {
  s.spawn_detached(); // OK: wakes the loop through libcoro's non-blocking pipe
  e.set(s); // OK: resumes waiters through the scheduler
  char buf[64];
  long n = c.recv(buf, sizeof buf); // OK: libcoro's sockets are non-blocking, read after co_await poll()
  s.process_events(); // OK: a zero timeout only polls
  s.process_events(std::chrono::milliseconds{100}); // WARN: nested-event-loop
  int v = coro::sync_wait(work()); // WARN: nested-event-loop
  s.shutdown(); // WARN: blocking-wait
  co_return v + static_cast<int>(n);
}

namespace coro::app_code {
// A project's own 'coro' namespace is still followed.
int slow() { return app::helper_that_blocks(); }
} // namespace coro::app_code

fixture::task<int> mine() {
  co_return coro::app_code::slow(); // WARN: blocking-sleep
}
