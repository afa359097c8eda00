#pragma once
// event_loop: the single-threaded epoll reactor that runs tasks.

#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/detail/callback.hpp"
#include "asyncguard/rt/detail/ring.hpp"
#include "asyncguard/rt/stall_detector.hpp"
#include "asyncguard/rt/task.hpp"

#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace asyncguard::rt {

class event_loop;

namespace detail {

/// An entry of the loop's timer heap (embedded in a sleep awaiter or a
/// posted timer callback).
struct timer_node {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::int64_t m_deadline = 0; // steady_clock nanoseconds
  std::uint64_t m_seq = 0;     // FIFO order among equal deadlines
  std::size_t m_heap_index = npos;
  void (*m_fire)(timer_node &) noexcept = nullptr;
};

/// 4-ary min-heap of timer nodes ordered by (deadline, seq); each node knows
/// its index so that a cancelled sleep is removed in O(log n).
class timer_heap {
public:
  bool empty() const noexcept { return m_heap.empty(); }
  std::size_t size() const noexcept { return m_heap.size(); }
  std::int64_t top_deadline() const noexcept { return m_heap.front().deadline; }
  timer_node *top() const noexcept { return m_heap.front().node; }
  void push(timer_node &n);
  void erase(timer_node &n) noexcept;
  timer_node *pop() noexcept;
  std::vector<timer_node *> take_all() noexcept;

private:
  struct entry {
    std::int64_t deadline;
    std::uint64_t seq;
    timer_node *node;
    bool operator<(const entry &o) const noexcept {
      return deadline < o.deadline || (deadline == o.deadline && seq < o.seq);
    }
  };
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  void place(std::size_t i, const entry &e) noexcept {
    m_heap[i] = e;
    e.node->m_heap_index = i;
  }
  std::vector<entry> m_heap;
};

/// A pending loop operation that a cancel_token can abort. `m_cancel` runs on
/// the loop thread and completes the operation with operation_canceled.
struct cancellable_op : cancel_registration {
  event_loop *m_owner = nullptr;
  std::uint64_t m_id = 0;
  cancel_state *m_cancel_state = nullptr;
  void (*m_cancel)(cancellable_op &) noexcept = nullptr;
};

struct io_op;

/// Per-socket reactor state: registered once, edge-triggered, for reading
/// and writing; at most one pending reader and one pending writer.
struct io_state {
  event_loop *m_loop = nullptr;
  int m_fd = -1;
  io_op *m_reader = nullptr;
  io_op *m_writer = nullptr;
  io_state *m_prev = nullptr;
  io_state *m_next = nullptr;
};

/// A pending socket operation. `m_perform` retries the non-blocking call and
/// returns true once it completed (successfully or with `m_error`).
struct io_op : cancellable_op {
  std::coroutine_handle<> m_handle;
  io_state *m_state = nullptr;
  bool (*m_perform)(io_op &) noexcept = nullptr;
  int m_error = 0;
  std::size_t m_result = 0;
  bool m_pending = false; // linked in m_state's reader or writer slot
};

struct spawn_node {
  spawn_node *m_prev = nullptr;
  spawn_node *m_next = nullptr;
  std::coroutine_handle<> m_frame;
};

/// The coroutine that owns a spawned task on behalf of its loop.
class spawn_root {
public:
  struct promise_type : spawn_node {
    event_loop *m_loop = nullptr;
    spawn_root get_return_object() noexcept {
      return spawn_root{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    std::suspend_never final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept;
    ~promise_type();
  };
  std::coroutine_handle<promise_type> m_handle;
};

template <class T> spawn_root make_spawn_root(task<T> t) {
  co_await std::move(t);
}

/// Owns a not-yet-adopted spawn root; destroys it when dropped unrun.
struct owned_root {
  std::coroutine_handle<spawn_root::promise_type> m_handle;
  explicit owned_root(std::coroutine_handle<spawn_root::promise_type> h) noexcept
      : m_handle(h) {}
  owned_root(owned_root &&o) noexcept : m_handle(std::exchange(o.m_handle, {})) {}
  owned_root &operator=(owned_root &&) = delete;
  ~owned_root() {
    if (m_handle)
      m_handle.destroy();
  }
};

class loop_access;

} // namespace detail

/// Options of an event_loop.
struct loop_options {
  /// Reports resumes/callbacks longer than its threshold (off by default).
  std::optional<stall_detector> stall;
  /// Before blocking in epoll while offloaded calls are in flight, or right
  /// after draining posts from other threads, the loop polls its inbox this
  /// long, yielding the CPU in between (saves a sleep and an eventfd wake-up
  /// per short offload or burst of posts). Zero disables it.
  std::chrono::nanoseconds idle_spin = std::chrono::microseconds(50);
};

/// A single-threaded reactor (epoll + timer heap + eventfd wake-up) that runs
/// tasks, callbacks and timers on the thread that calls `run()`.
///
/// Thread-safety: `post`, `post_after`, `post_at`, `spawn`, `stop` and
/// `make_work_guard` may be called from any thread. The awaitables in
/// sleep.hpp and socket.hpp, and `task_count`, are for the loop thread.
///
/// Lifetime: the loop owns every spawned task until it finishes. The
/// destructor first waits for offloaded calls still running on pools (they
/// may reference coroutine frames), then destroys, without resuming, every
/// task that has not finished (locals' destructors run, awaiters deregister),
/// then drops queued callbacks and timer callbacks without running them.
///
/// Throws: `run()` throws std::logic_error when the loop is already running or
/// another loop runs on this thread; the constructor throws std::system_error
/// when epoll/eventfd cannot be created. Exceptions escaping a spawned task or
/// a callback go to the exception handler (default: printed to stderr).
class event_loop {
public:
  using clock = std::chrono::steady_clock;

  event_loop();
  explicit event_loop(loop_options options);
  ~event_loop();
  event_loop(const event_loop &) = delete;
  event_loop &operator=(const event_loop &) = delete;
  event_loop(event_loop &&) = delete;
  event_loop &operator=(event_loop &&) = delete;

  /// The loop whose `run()` is active on the calling thread, or nullptr.
  static event_loop *current() noexcept;
  /// True when called from inside this loop's `run()`.
  bool is_in_loop_thread() const noexcept { return current() == this; }

  /// Starts `t` on the loop (its first resume is queued, not inline) and owns
  /// it until it finishes. Thread-safe. Its result is discarded; an escaping
  /// exception goes to the exception handler.
  template <class T> void spawn(task<T> t) {
    detail::spawn_root root = detail::make_spawn_root(std::move(t));
    root.m_handle.promise().m_loop = this;
    start_root(root.m_handle);
  }

  /// Queues `fn` to run on the loop thread. Thread-safe; FIFO per thread.
  template <class F> void post(F &&fn) {
    post_callback(detail::callback(std::forward<F>(fn)));
  }

  /// Runs `fn` on the loop thread after `delay` (measured from this call).
  /// Thread-safe; cheapest on the loop thread.
  template <class F> void post_after(clock::duration delay, F &&fn) {
    post_at(clock::now() + delay, std::forward<F>(fn));
  }
  /// Runs `fn` on the loop thread at `when`. Thread-safe; from another
  /// thread the timer is armed through the inbox.
  template <class F> void post_at(clock::time_point when, F &&fn) {
    add_callback_timer(when, detail::callback(std::forward<F>(fn)));
  }

  /// Runs until `stop()` is called or the loop is out of work: no live task,
  /// queued callback, pending timer or work guard.
  void run();
  /// Makes the active (or the next) `run()` return after the current
  /// callback. Pending work stays queued. Thread-safe.
  void stop() noexcept;

  /// Replaces the handler of exceptions escaping spawned tasks and callbacks.
  void set_exception_handler(std::function<void(std::exception_ptr)> handler);

  /// Number of spawned tasks that have not finished. Loop thread only.
  std::size_t task_count() const noexcept { return m_task_count; }

  /// Keeps `run()` from returning for lack of work while alive (for work that
  /// another thread will post). Thread-safe; must not outlive the loop.
  class [[nodiscard]] work_guard {
  public:
    explicit work_guard(event_loop &loop) noexcept : m_loop(&loop) {
      m_loop->m_guards.fetch_add(1, std::memory_order_relaxed);
    }
    work_guard(work_guard &&o) noexcept : m_loop(std::exchange(o.m_loop, nullptr)) {}
    work_guard &operator=(work_guard &&) = delete;
    ~work_guard() { reset(); }
    void reset() noexcept;

  private:
    event_loop *m_loop;
  };
  work_guard make_work_guard() noexcept { return work_guard(*this); }

private:
  friend class detail::loop_access;
  friend struct detail::spawn_root::promise_type;

  void start_root(std::coroutine_handle<detail::spawn_root::promise_type> h);
  void adopt_root(std::coroutine_handle<detail::spawn_root::promise_type> h);
  void post_callback(detail::callback &&cb);
  void post_remote(detail::callback &&cb);
  void add_callback_timer(clock::time_point when, detail::callback &&cb);
  void complete_offload(std::coroutine_handle<> h) noexcept;
  void wake_locked() noexcept;
  void drain_inbox();
  void fire_timers(std::int64_t now);
  void run_ready_batch();
  void run_item(detail::callback &cb);
  void run_handle(std::coroutine_handle<> h);
  void report_stall(clock::duration d) noexcept;
  void poll_io(std::int64_t timeout_ns);
  bool out_of_work() const noexcept;
  void report(std::exception_ptr e) noexcept;
  void cancel_op(std::uint64_t id) noexcept;

  loop_options m_options;
  int m_epfd = -1;
  int m_wakefd = -1;

  // Loop-thread state.
  detail::ring<detail::callback> m_ready;
  detail::timer_heap m_timers;
  std::uint64_t m_timer_seq = 0;
  std::vector<detail::timer_node *> m_free_timers;
  std::size_t m_callback_timers = 0;
  std::size_t m_io_waiters = 0;
  std::size_t m_task_count = 0;
  std::size_t m_inflight_offloads = 0;
  detail::spawn_node m_roots; // sentinel of the circular list of live tasks
  detail::io_state m_sockets; // sentinel of registered sockets
  std::unordered_map<std::uint64_t, detail::cancellable_op *> m_cancellables;
  std::uint64_t m_next_cancel_id = 1;
  std::function<void(std::exception_ptr)> m_on_exception;
  bool m_closing = false;
  bool m_remote_recent = false; // the last inbox drain found something
  std::vector<detail::callback> m_inbox_spare;
  std::vector<std::coroutine_handle<>> m_completions_spare;

  // Cross-thread state. The mutex guards the inbox and m_wake_pending, and
  // orders m_sleeping = true (set under it after a last look at the inbox)
  // against posters, who write the eventfd only to a sleeping loop.
  std::mutex m_inbox_mutex;
  std::vector<detail::callback> m_inbox;
  std::vector<std::coroutine_handle<>> m_completions;
  bool m_wake_pending = false;
  std::atomic<bool> m_sleeping{false};
  std::atomic<bool> m_inbox_nonempty{false};
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_running{false};
  std::atomic<std::size_t> m_guards{0};
};

namespace detail {

/// The runtime's internal door into event_loop, used by awaiters.
class loop_access {
public:
  static std::int64_t now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               event_loop::clock::now().time_since_epoch())
        .count();
  }
  static void schedule(event_loop &l, std::coroutine_handle<> h) {
    l.m_ready.push_back(callback(h));
  }
  static void add_timer(event_loop &l, timer_node &n) {
    n.m_seq = l.m_timer_seq++;
    l.m_timers.push(n);
  }
  static void remove_timer(event_loop &l, timer_node &n) noexcept {
    l.m_timers.erase(n);
  }
  /// Links `op` to its token's source; false when already cancelled.
  static bool register_cancel(event_loop &l, cancellable_op &op,
                              cancel_state *state);
  static void unregister_cancel(cancellable_op &op) noexcept;

  static void begin_offload(event_loop &l) noexcept { ++l.m_inflight_offloads; }
  static void abort_offload(event_loop &l) noexcept { --l.m_inflight_offloads; }
  /// Thread-safe: queues the resumption of `h` after an offloaded call.
  static void complete_offload(event_loop &l, std::coroutine_handle<> h) noexcept {
    l.complete_offload(h);
  }

  static void io_attach(event_loop &l, io_state &s);
  static void io_detach(io_state &s) noexcept;
  static void io_wait_begin(event_loop &l) noexcept { ++l.m_io_waiters; }
  static void io_wait_end(event_loop &l) noexcept { --l.m_io_waiters; }
};

} // namespace detail

} // namespace asyncguard::rt
