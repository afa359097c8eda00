#include "asyncguard/rt/event_loop.hpp"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <poll.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <system_error>
#include <thread>
#include <unistd.h>


namespace asyncguard::rt {

namespace {

thread_local event_loop *t_current = nullptr;

// Each ready batch runs at most this many items before timers, the inbox and
// sockets get a look, so a self-reposting callback cannot starve I/O.
constexpr std::size_t batch_limit = 256;

struct callback_timer : detail::timer_node {
  detail::callback m_fn;
  event_loop *m_loop = nullptr;
};

[[noreturn]] void throw_errno(const char *what) {
  throw std::system_error(errno, std::system_category(), what);
}

// Address used as epoll data for the wake-up eventfd.
char g_wake_tag;

} // namespace

namespace detail {

// ------------------------------------------------------------- spawn roots

void spawn_root::promise_type::unhandled_exception() const noexcept {
  m_loop->report(std::current_exception());
}

spawn_root::promise_type::~promise_type() {
  if (!m_next)
    return; // never adopted (dropped from the inbox)
  m_prev->m_next = m_next;
  m_next->m_prev = m_prev;
  --m_loop->m_task_count;
}

// ------------------------------------------------------------ loop_access

bool loop_access::register_cancel(event_loop &l, cancellable_op &op,
                                  cancel_state *state) {
  if (!state)
    return true;
  op.m_owner = &l;
  op.m_id = l.m_next_cancel_id++;
  op.m_on_cancel = [](cancel_registration &r) noexcept {
    // Runs on the thread calling request_cancel(), under the state lock; the
    // loop is alive because the op unregisters (taking that lock) first.
    auto &self = static_cast<cancellable_op &>(r);
    event_loop *loop = self.m_owner;
    std::uint64_t id = self.m_id;
    loop->post_remote(callback([loop, id] { loop->cancel_op(id); }));
  };
  l.m_cancellables.emplace(op.m_id, &op); // may throw: before linking
  if (!state->try_register(op)) {
    l.m_cancellables.erase(op.m_id);
    return false;
  }
  op.m_cancel_state = state;
  return true;
}

void loop_access::unregister_cancel(cancellable_op &op) noexcept {
  if (!op.m_cancel_state)
    return;
  op.m_cancel_state->unregister(op);
  op.m_cancel_state = nullptr;
  op.m_owner->m_cancellables.erase(op.m_id);
}

void loop_access::io_attach(event_loop &l, io_state &s) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = &s;
  if (::epoll_ctl(l.m_epfd, EPOLL_CTL_ADD, s.m_fd, &ev) != 0)
    throw_errno("asyncguard::rt: epoll_ctl(ADD)");
  s.m_loop = &l;
  s.m_next = l.m_sockets.m_next;
  s.m_prev = &l.m_sockets;
  s.m_next->m_prev = &s;
  l.m_sockets.m_next = &s;
}

void loop_access::io_detach(io_state &s) noexcept {
  if (!s.m_loop)
    return;
  // Closing with operations pending: fail them rather than leave them
  // pointing at a dead socket.
  for (io_op **slot : {&s.m_reader, &s.m_writer}) {
    io_op *op = *slot;
    if (!op)
      continue;
    *slot = nullptr;
    op->m_pending = false;
    op->m_error = ECANCELED;
    --s.m_loop->m_io_waiters;
    unregister_cancel(*op);
    try {
      schedule(*s.m_loop, op->m_handle);
    } catch (...) {
      std::terminate(); // out of memory: cannot resume the task any other way
    }
  }
  ::epoll_ctl(s.m_loop->m_epfd, EPOLL_CTL_DEL, s.m_fd, nullptr);
  s.m_prev->m_next = s.m_next;
  s.m_next->m_prev = s.m_prev;
  s.m_prev = s.m_next = nullptr;
  s.m_loop = nullptr;
}

} // namespace detail

// ------------------------------------------------------------- event_loop

event_loop::event_loop() : event_loop(loop_options{}) {}

event_loop::event_loop(loop_options options) : m_options(std::move(options)) {
  m_roots.m_next = m_roots.m_prev = &m_roots;
  m_sockets.m_next = m_sockets.m_prev = &m_sockets;
  m_epfd = ::epoll_create1(EPOLL_CLOEXEC);
  if (m_epfd < 0)
    throw_errno("asyncguard::rt: epoll_create1");
  m_wakefd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (m_wakefd < 0) {
    ::close(m_epfd);
    throw_errno("asyncguard::rt: eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &g_wake_tag;
  if (::epoll_ctl(m_epfd, EPOLL_CTL_ADD, m_wakefd, &ev) != 0) {
    ::close(m_wakefd);
    ::close(m_epfd);
    throw_errno("asyncguard::rt: epoll_ctl(eventfd)");
  }
}

event_loop::~event_loop() {
  m_closing = true;
  // 1. Offloaded calls may still reference coroutine frames: wait for them.
  //    Their completions are counted, not resumed.
  for (;;) {
    {
      std::lock_guard lock(m_inbox_mutex);
      m_inflight_offloads -= m_completions.size();
      m_completions.clear();
      for (auto &cb : m_inbox)
        m_ready.push_back(std::move(cb));
      m_inbox.clear();
      m_wake_pending = false;
      m_inbox_nonempty.store(false, std::memory_order_relaxed);
    }
    if (m_inflight_offloads == 0)
      break;
    {
      std::lock_guard lock(m_inbox_mutex);
      if (!m_completions.empty())
        continue;
      m_sleeping.store(true, std::memory_order_relaxed);
      m_wake_pending = false;
    }
    pollfd p{m_wakefd, POLLIN, 0};
    ::poll(&p, 1, 100);
    std::uint64_t v;
    (void)!::read(m_wakefd, &v, sizeof v);
    m_sleeping.store(false, std::memory_order_relaxed);
  }
  // 2. Destroy unfinished tasks (their awaiters deregister themselves), then
  //    drop queued callbacks; dropping may release more tasks, so repeat.
  for (;;) {
    while (m_roots.m_next != &m_roots)
      m_roots.m_next->m_frame.destroy();
    bool dropped = false;
    while (!m_ready.empty()) {
      (void)m_ready.pop_front();
      dropped = true;
    }
    std::vector<detail::callback> late;
    {
      std::lock_guard lock(m_inbox_mutex);
      late.swap(m_inbox);
      m_inbox_nonempty.store(false, std::memory_order_relaxed);
    }
    dropped = dropped || !late.empty();
    late.clear();
    if (!dropped && m_roots.m_next == &m_roots)
      break;
  }
  // 3. Only callback timers remain in the heap.
  for (detail::timer_node *n : m_timers.take_all())
    delete static_cast<callback_timer *>(n);
  for (detail::timer_node *n : m_free_timers)
    delete static_cast<callback_timer *>(n);
  while (m_sockets.m_next != &m_sockets)
    detail::loop_access::io_detach(*m_sockets.m_next);
  ::close(m_wakefd);
  ::close(m_epfd);
}

event_loop *event_loop::current() noexcept { return t_current; }

void event_loop::work_guard::reset() noexcept {
  if (!m_loop)
    return;
  event_loop *loop = std::exchange(m_loop, nullptr);
  if (loop->m_guards.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    // Wake the loop so that it can notice it ran out of work.
    std::lock_guard lock(loop->m_inbox_mutex);
    loop->wake_locked();
  }
}

void event_loop::set_exception_handler(
    std::function<void(std::exception_ptr)> handler) {
  m_on_exception = std::move(handler);
}

void event_loop::report(std::exception_ptr e) noexcept {
  if (m_on_exception) {
    m_on_exception(e);
    return;
  }
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &ex) {
    std::fprintf(stderr, "asyncguard::rt: unhandled exception in loop task: %s\n",
                 ex.what());
  } catch (...) {
    std::fprintf(stderr, "asyncguard::rt: unhandled non-standard exception in loop task\n");
  }
}

void event_loop::start_root(
    std::coroutine_handle<detail::spawn_root::promise_type> h) {
  detail::owned_root owned(h);
  if (t_current == this) {
    adopt_root(std::exchange(owned.m_handle, {}));
    return;
  }
  post_remote(detail::callback([this, r = std::move(owned)]() mutable {
    adopt_root(std::exchange(r.m_handle, {}));
  }));
}

void event_loop::adopt_root(
    std::coroutine_handle<detail::spawn_root::promise_type> h) {
  auto &p = h.promise();
  p.m_frame = h;
  p.m_prev = &m_roots;
  p.m_next = m_roots.m_next;
  m_roots.m_next->m_prev = &p;
  m_roots.m_next = &p;
  ++m_task_count;
  m_ready.push_back(detail::callback(std::coroutine_handle<>(h)));
}

void event_loop::post_callback(detail::callback &&cb) {
  if (t_current == this) {
    m_ready.push_back(std::move(cb));
    return;
  }
  post_remote(std::move(cb));
}

void event_loop::wake_locked() noexcept {
  // A loop that is not sleeping looks at the inbox (and m_stop) before it
  // sleeps again, under this same lock: no syscall needed.
  if (m_wake_pending || !m_sleeping.load(std::memory_order_relaxed))
    return;
  m_wake_pending = true;
  std::uint64_t one = 1;
  (void)!::write(m_wakefd, &one, sizeof one);
}

void event_loop::post_remote(detail::callback &&cb) {
  std::lock_guard lock(m_inbox_mutex);
  m_inbox.push_back(std::move(cb));
  m_inbox_nonempty.store(true, std::memory_order_release);
  wake_locked();
}

void event_loop::complete_offload(std::coroutine_handle<> h) noexcept {
  // Everything, including the eventfd write, happens under the lock: once the
  // lock is released the loop may be destroyed.
  std::lock_guard lock(m_inbox_mutex);
  try {
    m_completions.push_back(h);
  } catch (...) {
    std::terminate(); // out of memory while completing; nothing sane to do
  }
  m_inbox_nonempty.store(true, std::memory_order_release);
  wake_locked();
}

void event_loop::stop() noexcept {
  m_stop.store(true, std::memory_order_release);
  std::lock_guard lock(m_inbox_mutex);
  wake_locked();
}

void event_loop::add_callback_timer(clock::time_point when,
                                    detail::callback &&cb) {
  if (t_current != this) {
    // Off the loop thread: arm it from the loop (the heap is loop-only).
    post_remote(detail::callback([this, when, c = std::move(cb)]() mutable {
      add_callback_timer(when, std::move(c));
    }));
    return;
  }
  callback_timer *t;
  if (!m_free_timers.empty()) {
    t = static_cast<callback_timer *>(m_free_timers.back());
    m_free_timers.pop_back();
  } else {
    t = new callback_timer;
    t->m_fire = [](detail::timer_node &n) noexcept {
      auto &self = static_cast<callback_timer &>(n);
      event_loop &loop = *self.m_loop;
      detail::callback fn = std::move(self.m_fn);
      --loop.m_callback_timers;
      if (loop.m_free_timers.size() < 4096) {
        try {
          loop.m_free_timers.push_back(&self);
        } catch (...) {
          delete &self;
        }
      } else {
        delete &self;
      }
      try {
        loop.run_item(fn);
      } catch (...) {
        loop.report(std::current_exception());
      }
    };
  }
  t->m_loop = this;
  t->m_fn = std::move(cb);
  t->m_deadline = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      when.time_since_epoch())
                      .count();
  detail::loop_access::add_timer(*this, *t);
  ++m_callback_timers;
}

void event_loop::drain_inbox() {
  {
    std::lock_guard lock(m_inbox_mutex);
    m_inbox_spare.swap(m_inbox);
    m_completions_spare.swap(m_completions);
    m_inbox_nonempty.store(false, std::memory_order_relaxed);
    m_wake_pending = false;
  }
  m_inflight_offloads -= m_completions_spare.size();
  m_remote_recent = !m_inbox_spare.empty() || !m_completions_spare.empty();
  // Run what was drained right away (saves a trip through the ready ring);
  // after a stop() the rest goes to the ring for the next run().
  std::size_t i = 0;
  const std::size_t nc = m_completions_spare.size();
  for (; i < nc && !m_stop.load(std::memory_order_relaxed); ++i)
    run_handle(m_completions_spare[i]);
  for (; i < nc; ++i)
    m_ready.push_back(detail::callback(m_completions_spare[i]));
  m_completions_spare.clear();
  i = 0;
  const std::size_t np = m_inbox_spare.size();
  for (; i < np && !m_stop.load(std::memory_order_relaxed); ++i) {
    try {
      run_item(m_inbox_spare[i]);
    } catch (...) {
      report(std::current_exception());
    }
  }
  for (; i < np; ++i)
    m_ready.push_back(std::move(m_inbox_spare[i]));
  m_inbox_spare.clear();
}

void event_loop::fire_timers(std::int64_t now) {
  // Bounded like a ready batch, so that a burst of expired timers does not
  // hold up sockets and the inbox.
  for (std::size_t i = 0; i < batch_limit && !m_timers.empty() &&
                          m_timers.top_deadline() <= now;
       ++i) {
    detail::timer_node *n = m_timers.pop();
    n->m_fire(*n);
    if (m_stop.load(std::memory_order_relaxed))
      return;
  }
}

void event_loop::run_item(detail::callback &cb) {
  if (!m_options.stall) {
    cb();
    return;
  }
  auto t0 = clock::now();
  cb();
  report_stall(clock::now() - t0);
}

void event_loop::report_stall(clock::duration d) noexcept {
  if (d < m_options.stall->threshold || !m_options.stall->on_stall)
    return;
  try {
    m_options.stall->on_stall(std::chrono::duration_cast<std::chrono::nanoseconds>(d));
  } catch (...) {
    report(std::current_exception());
  }
}

void event_loop::run_handle(std::coroutine_handle<> h) {
  // Resumes never throw: task bodies catch into their promise.
  if (!m_options.stall) {
    h.resume();
    return;
  }
  auto t0 = clock::now();
  h.resume();
  report_stall(clock::now() - t0);
}

void event_loop::run_ready_batch() {
  std::size_t n = m_ready.size();
  if (n > batch_limit)
    n = batch_limit;
  while (n-- > 0 && !m_stop.load(std::memory_order_relaxed)) {
    detail::callback cb = m_ready.pop_front();
    try {
      run_item(cb);
    } catch (...) {
      report(std::current_exception());
    }
  }
}

void event_loop::cancel_op(std::uint64_t id) noexcept {
  auto it = m_cancellables.find(id);
  if (it == m_cancellables.end())
    return; // completed meanwhile
  detail::cancellable_op &op = *it->second;
  op.m_cancel(op);
}

void event_loop::poll_io(std::int64_t timeout_ns) {
  epoll_event events[128];
  timespec ts{};
  timespec *tp = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = static_cast<time_t>(timeout_ns / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(timeout_ns % 1'000'000'000);
    tp = &ts;
  }
  int n = ::epoll_pwait2(m_epfd, events, 128, tp, nullptr);
  if (n < 0) {
    if (errno == EINTR)
      return;
    if (errno == ENOSYS) { // kernels before 5.11
      int ms = timeout_ns < 0 ? -1
                              : static_cast<int>((timeout_ns + 999'999) / 1'000'000);
      n = ::epoll_wait(m_epfd, events, 128, ms);
    }
    if (n < 0) {
      if (errno == EINTR)
        return;
      throw_errno("asyncguard::rt: epoll_wait");
    }
  }
  for (int i = 0; i < n; ++i) {
    void *ptr = events[i].data.ptr;
    if (ptr == &g_wake_tag) {
      // m_wake_pending was reset when the loop went to sleep; the inbox is
      // drained at the next turn. (Taking the lock here would collide with
      // the poster, which writes the eventfd while holding it.)
      std::uint64_t v;
      (void)!::read(m_wakefd, &v, sizeof v);
      continue;
    }
    auto *s = static_cast<detail::io_state *>(ptr);
    std::uint32_t ev = events[i].events;
    // Completions are queued, not resumed here: a resumed coroutine could
    // close a socket whose event is still in this batch.
    if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) && s->m_reader) {
      detail::io_op *op = s->m_reader;
      if (op->m_perform(*op)) {
        op->m_pending = false;
        s->m_reader = nullptr;
        --m_io_waiters;
        detail::loop_access::unregister_cancel(*op);
        m_ready.push_back(detail::callback(op->m_handle));
      }
    }
    if ((ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && s->m_writer) {
      detail::io_op *op = s->m_writer;
      if (op->m_perform(*op)) {
        op->m_pending = false;
        s->m_writer = nullptr;
        --m_io_waiters;
        detail::loop_access::unregister_cancel(*op);
        m_ready.push_back(detail::callback(op->m_handle));
      }
    }
  }
}

bool event_loop::out_of_work() const noexcept {
  return m_ready.empty() && m_task_count == 0 && m_timers.empty() &&
         m_io_waiters == 0 && m_inflight_offloads == 0 &&
         !m_inbox_nonempty.load(std::memory_order_acquire) &&
         m_guards.load(std::memory_order_acquire) == 0;
}

void event_loop::run() {
  if (t_current == this)
    throw std::logic_error("asyncguard::rt::event_loop::run: the loop is already running on this thread");
  if (t_current)
    throw std::logic_error("asyncguard::rt::event_loop::run: another event loop is running on this thread");
  if (m_running.exchange(true, std::memory_order_acq_rel))
    throw std::logic_error("asyncguard::rt::event_loop::run: the loop is already running on another thread");
  struct scope {
    event_loop *self;
    explicit scope(event_loop *s) : self(s) { t_current = s; }
    ~scope() {
      t_current = nullptr;
      self->m_stop.store(false, std::memory_order_relaxed);
      self->m_running.store(false, std::memory_order_release);
    }
  } guard(this);

  for (;;) {
    if (m_stop.load(std::memory_order_acquire))
      return;
    if (m_inbox_nonempty.load(std::memory_order_acquire))
      drain_inbox();
    if (!m_timers.empty() && !m_stop.load(std::memory_order_relaxed))
      fire_timers(detail::loop_access::now_ns());
    if (!m_ready.empty()) {
      run_ready_batch();
      // Still busy: peek at sockets so that a self-reposting callback cannot
      // starve them. (When idle, the next turn polls anyway.)
      if (m_io_waiters > 0 && !m_ready.empty())
        poll_io(0);
      continue;
    }
    if (out_of_work())
      return;
    std::int64_t timeout = -1;
    if (!m_timers.empty()) {
      timeout = m_timers.top_deadline() - detail::loop_access::now_ns();
      if (timeout <= 0)
        continue;
    }
    if ((m_inflight_offloads > 0 || m_remote_recent) &&
        m_options.idle_spin.count() > 0) {
      // An offloaded call will post its completion soon, or another thread
      // is posting: poll briefly instead of paying for a sleep and an
      // eventfd wake-up.
      m_remote_recent = false;
      auto until = clock::now() + m_options.idle_spin;
      // Yield rather than pause: on an oversubscribed machine the pool thread
      // may need this very CPU to finish the call.
      bool got = false;
      while (!got) {
        std::this_thread::yield();
        got = m_inbox_nonempty.load(std::memory_order_acquire);
        if (clock::now() >= until)
          break;
      }
      if (got)
        continue;
    }
    {
      std::lock_guard lock(m_inbox_mutex);
      if (m_inbox_nonempty.load(std::memory_order_relaxed) ||
          m_stop.load(std::memory_order_relaxed) || out_of_work())
        continue;
      m_sleeping.store(true, std::memory_order_relaxed);
      m_wake_pending = false; // an unread earlier write only wakes us early
    }
    poll_io(timeout);
    m_sleeping.store(false, std::memory_order_relaxed);
  }
}

} // namespace asyncguard::rt
