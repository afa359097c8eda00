// Covers: silent look-alikes of lock-across-suspend: guards in a scope closed before the co_await, a unique_lock unlocked or released first, a deferred lock never taken, a lock moved away, mutexes unlocked on every path, a lock held across a plain call, locks in non-coroutines and in lambdas that run elsewhere, and an awaited async lock.
#include <fixture/task.h>

#include <mutex>
#include <shared_mutex>
#include <utility>

std::mutex mu;
std::shared_mutex table_mu;
int counter = 0;

fixture::task<void> closed_scope() {
  {
    std::lock_guard guard(mu); // OK: its scope ends before the co_await
    ++counter;
  }
  co_await app::sleep(1);
}

fixture::task<void> unlocked_first() {
  std::unique_lock lock(mu); // OK: unlocked before the co_await
  ++counter;
  lock.unlock();
  co_await app::sleep(1);
}

fixture::task<void> released_first() {
  std::unique_lock lock(mu); // OK: released (and unlocked by hand) before the co_await
  lock.release();
  mu.unlock();
  co_await app::sleep(1);
}

fixture::task<void> deferred() {
  std::unique_lock lock(mu, std::defer_lock); // OK: never locked
  co_await app::sleep(1);
}

void keep(std::unique_lock<std::mutex> lock);

fixture::task<void> moved_away() {
  std::unique_lock lock(mu); // OK: ownership moved to keep() before the co_await
  keep(std::move(lock));
  co_await app::sleep(1);
}

fixture::task<void> manual_balanced(bool fast) {
  mu.lock(); // OK: unlocked on every path before the co_await
  if (fast)
    ++counter;
  mu.unlock();
  co_await app::sleep(1);
  table_mu.lock_shared(); // OK: unlocked before co_return
  ++counter;
  table_mu.unlock_shared();
}

fixture::task<void> no_suspension_inside() {
  std::lock_guard guard(mu); // OK: nothing suspends while it is held
  ++counter;
  co_return;
}

fixture::task<void> lock_after_last_await() {
  co_await app::sleep(1);
  std::scoped_lock guard(mu); // OK: taken after the last suspension
  ++counter;
}

void not_a_coroutine() {
  std::lock_guard guard(mu); // OK: not a coroutine
  ++counter;
}

fixture::task<void> lambda_runs_elsewhere(fixture::thread_pool &pool) {
  pool.submit([] {
    std::lock_guard guard(mu); // OK: a plain lambda on the pool, nothing suspends
    ++counter;
  });
  co_await fixture::offload([] {
    std::lock_guard guard(mu); // OK: offloaded lambda, not the coroutine
    return ++counter;
  });
}

struct async_mutex {
  struct lock_awaitable {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  lock_awaitable lock() { return {}; }
  void unlock() {}
};

fixture::task<void> awaited_lock(async_mutex &amu) {
  co_await amu.lock(); // OK: an async mutex that suspends instead of blocking
  co_await app::sleep(1);
  amu.unlock();
}

int main() {
  not_a_coroutine();
  return 0;
}
