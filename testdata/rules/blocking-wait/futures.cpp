// Covers: waiting on other threads in coroutines (future/shared_future, thread/jthread join, condition variables, semaphores, latch, barrier, atomic wait, pthread_join) and the zero-timeout forms that stay silent.
#include <fixture/task.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <pthread.h>
#include <semaphore>
#include <thread>

using namespace std::chrono_literals;

fixture::task<int> futures(std::future<int> fut, std::shared_future<int> shared) {
  if (fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready) // OK: zero timeout only polls
    co_return fut.get(); // WARN: blocking-wait
  if (fut.wait_for(0s) != std::future_status::ready) // OK: zero timeout only polls
    fut.wait_for(100ms); // WARN: blocking-wait
  fut.wait(); // WARN: blocking-wait
  int v = fut.get(); // WARN: blocking-wait
  v += shared.get(); // WARN: blocking-wait
  shared.wait_until(std::chrono::steady_clock::now() + 1s); // WARN: blocking-wait
  co_return v;
}

fixture::task<void> void_future(std::future<void> done) {
  done.get(); // WARN: blocking-wait
  co_return;
}

fixture::task<void> threads() {
  std::thread t([] {}); // OK: the lambda runs on the new thread
  t.join(); // WARN: blocking-wait
  std::jthread jt([] {}); // OK: the lambda runs on the new thread
  jt.join(); // WARN: blocking-wait
  pthread_t raw{};
  pthread_join(raw, nullptr); // WARN: blocking-wait
  co_return;
}

fixture::task<void> condition(std::mutex &m, std::condition_variable &cv, bool &ready) {
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return ready; }); // WARN: blocking-wait
    cv.wait_for(lock, 50ms); // WARN: blocking-wait
    cv.wait_for(lock, 0ms); // OK: zero timeout only polls
  }
  co_return;
}

fixture::task<void> sync_primitives(std::counting_semaphore<8> &sem, std::binary_semaphore &bin,
                                    std::latch &latch, std::barrier<> &barrier,
                                    std::atomic<int> &flag) {
  sem.acquire(); // WARN: blocking-wait
  bin.acquire(); // WARN: blocking-wait
  if (sem.try_acquire()) // OK: try_acquire never waits
    sem.release();
  sem.try_acquire_for(0ms); // OK: zero timeout only polls
  sem.try_acquire_for(10ms); // WARN: blocking-wait
  if (!latch.try_wait()) // OK: try_wait never waits
    latch.wait(); // WARN: blocking-wait
  barrier.arrive_and_wait(); // WARN: blocking-wait
  flag.wait(0); // WARN: blocking-wait
  co_return;
}

int main() {
  std::promise<int> p;
  auto f = p.get_future();
  p.set_value(1);
  return f.get(); // OK: main is not a coroutine
}
