// Covers: locks still held at a co_await or co_yield on some path: lock_guard, scoped_lock, unique_lock, shared_lock, a unique_lock locked again after unlock(), m.lock() left locked on one branch, lock_shared(), pthread_mutex_lock, a guard in a loop body, a member coroutine, a lambda coroutine, a synchronous generator, and a function template instantiated twice (reported once).
#include <fixture/task.h>

#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex mu;
std::shared_mutex table_mu;
pthread_mutex_t raw_mu = PTHREAD_MUTEX_INITIALIZER;

fixture::task<void> guard_across_await() {
  std::lock_guard<std::mutex> guard(mu); // WARN: lock-across-suspend
  co_await app::sleep(1);
}

fixture::task<void> scoped_across_await(std::mutex &a, std::mutex &b) {
  std::scoped_lock both(a, b); // WARN: lock-across-suspend
  co_await app::sleep(1);
}

fixture::task<int> unique_across_await() {
  std::unique_lock lock(mu); // WARN: lock-across-suspend
  int value = 1;
  co_await app::sleep(value);
  co_return value;
}

fixture::task<void> shared_across_await() {
  std::shared_lock reader(table_mu); // WARN: lock-across-suspend
  co_await app::sleep(1);
}

fixture::task<void> relocked(bool again) {
  std::unique_lock lock(mu);
  lock.unlock();
  co_await app::sleep(1); // OK: unlocked before this suspension
  if (again)
    lock.lock(); // WARN: lock-across-suspend
  co_await app::sleep(2);
}

fixture::task<void> manual_lock_one_path(bool fast) {
  mu.lock(); // WARN: lock-across-suspend
  if (fast) {
    mu.unlock();
    co_return;
  }
  co_await app::sleep(1);
  mu.unlock();
}

fixture::task<void> manual_lock_shared() {
  table_mu.lock_shared(); // WARN: lock-across-suspend
  co_await app::sleep(1);
  table_mu.unlock_shared();
}

fixture::task<void> posix_lock() {
  pthread_mutex_lock(&raw_mu); // WARN: lock-across-suspend
  co_await app::sleep(1);
  pthread_mutex_unlock(&raw_mu);
}

fixture::task<void> guard_in_loop(int rounds) {
  for (int i = 0; i < rounds; ++i) {
    std::lock_guard guard(mu); // WARN: lock-across-suspend
    if (i % 2 == 0)
      continue;
    co_await app::sleep(i);
  }
}

class session {
public:
  fixture::task<void> flush() {
    std::lock_guard guard(m_mu); // WARN: lock-across-suspend
    co_await app::sleep(1);
    ++m_flushes;
  }

  fixture::task<void> manual() {
    m_mu.lock(); // WARN: lock-across-suspend
    co_await app::sleep(1);
    m_mu.unlock();
  }

private:
  std::mutex m_mu;
  int m_flushes = 0;
};

void lambda_coroutine() {
  auto handler = []() -> fixture::task<void> {
    std::lock_guard guard(mu); // WARN: lock-across-suspend
    co_await app::sleep(1);
  };
  auto t = handler();
}

fixture::generator<int> locked_generator() {
  std::lock_guard guard(mu); // WARN: lock-across-suspend
  co_yield 1;
}

template <typename T> fixture::task<T> locked_template(T value) {
  std::lock_guard guard(mu); // WARN: lock-across-suspend
  co_await app::sleep(1);
  co_return value;
}

void instantiate() {
  auto a = locked_template(1);
  auto b = locked_template(2.5);
}

int main() {
  lambda_coroutine();
  instantiate();
  return 0;
}
