// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// concurrencpp include/concurrencpp/results/result.h, shared_result.h, resume_on.h and
// executors/manual_executor.h (https://github.com/David-Haim/concurrencpp, 0.1.7).
// Declared only: fixtures are analyzed, never linked.
#ifndef ASYNCGUARD_FAKE_CONCURRENCPP_H
#define ASYNCGUARD_FAKE_CONCURRENCPP_H

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>

namespace concurrencpp {

enum class result_status { idle, value, exception };

template <typename T> class result;

template <typename T> struct result_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume();
};

template <typename T> class result {
public:
  struct promise_type {
    result get_return_object();
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    template <typename U> void return_value(U &&) {}
    void unhandled_exception() { std::terminate(); }
  };
  T get();
  void wait();
  template <class Rep, class Ratio> result_status wait_for(std::chrono::duration<Rep, Ratio> d);
  template <class Clock, class Dur> result_status wait_until(std::chrono::time_point<Clock, Dur> t);
  result_status status() const;
  result_awaitable<T> operator co_await();
  result_awaitable<result<T>> resolve();
};

template <typename T> class shared_result {
public:
  T &get();
  void wait();
  template <class Rep, class Ratio> result_status wait_for(std::chrono::duration<Rep, Ratio> d);
  template <class Clock, class Dur> result_status wait_until(std::chrono::time_point<Clock, Dur> t);
  result_awaitable<T> operator co_await();
};

class executor {
public:
  virtual ~executor() = default;
  virtual void shutdown() = 0;
};

class thread_pool_executor final : public executor {
public:
  void shutdown() override;
};

class manual_executor final : public executor {
public:
  void shutdown() override;
  bool loop_once();
  size_t loop(size_t max_count);
  bool loop_once_for(std::chrono::milliseconds max_waiting_time);
  size_t loop_for(size_t max_count, std::chrono::milliseconds max_waiting_time);
  void wait_for_task();
  void wait_for_tasks(size_t count);
};

struct resume_on_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
resume_on_awaitable resume_on(std::shared_ptr<executor> e);

} // namespace concurrencpp

#endif
