// Covers: async_simple built as project code (vendored with -I, or its own tests): a chain through syncAwait reports nested-event-loop at the syncAwait call, not the semaphore acquire inside util::Condition; the library's executor internals are not followed.
#include <fixture/task.h>

#include <semaphore>
#include <unistd.h>

namespace async_simple {
namespace util {
class Condition {
public:
  void acquire() { m_sem.acquire(); }
  void release() { m_sem.release(); }

private:
  std::binary_semaphore m_sem{0};
};
} // namespace util

namespace executors {
class SimpleExecutor {
public:
  // Wakes its worker through a pipe, as a real executor does.
  void schedule() { ::write(m_fd, "x", 1); }

private:
  int m_fd = -1;
};
} // namespace executors

namespace coro {
template <typename LazyType> int syncAwait(LazyType &&lazy) {
  util::Condition cond;
  lazy.start([&cond] { cond.release(); });
  cond.acquire();
  return 0;
}
} // namespace coro
} // namespace async_simple

struct Work {
  template <typename F> void start(F &&f) { f(); }
};

int run_sync(Work w) {
  return async_simple::coro::syncAwait(w); // OK: a synchronous helper; reported where a coroutine calls it
}

fixture::task<int> handler(async_simple::executors::SimpleExecutor &ex) {
  ex.schedule(); // OK: the executor's own wake-up is not followed
  co_return run_sync(Work{}); // WARN: nested-event-loop
}
