#include "asyncguard/rt/background_queue.hpp"

namespace asyncguard::rt {

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
std::size_t round_up_pow2(std::size_t n) {
  std::size_t p = 2;
  while (p < n)
    p <<= 1;
  return p;
}
} // namespace

background_queue::background_queue(std::size_t capacity)
    : m_mask(round_up_pow2(capacity) - 1) {
  m_cells = std::make_unique<cell[]>(m_mask + 1);
  for (std::size_t i = 0; i <= m_mask; ++i)
    m_cells[i].seq.store(i, std::memory_order_relaxed);
  m_thread = std::thread([this] { drain_main(); });
}

background_queue::~background_queue() { shutdown(); }

// Bounded MPMC ring in the style of D. Vyukov: a cell's sequence number says
// whether it is free for the producer at position `pos` (seq == pos) or holds
// an item for the consumer (seq == pos + 1).
bool background_queue::push(detail::callback &&cb) noexcept {
  std::size_t pos = m_enqueue.load(std::memory_order_relaxed);
  cell *c;
  for (;;) {
    c = &m_cells[pos & m_mask];
    std::size_t seq = c->seq.load(std::memory_order_acquire);
    auto diff = static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos);
    if (diff == 0) {
      if (m_enqueue.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed))
        break;
    } else if (diff < 0) {
      m_dropped.fetch_add(1, std::memory_order_relaxed);
      return false; // full
    } else {
      pos = m_enqueue.load(std::memory_order_relaxed);
    }
  }
  c->fn = std::move(cb);
  // seq_cst store + seq_cst load of the sleeping flag pair with the
  // consumer's seq_cst store of the flag + load of the cell: one side sees
  // the other, so a wake-up is never lost.
  c->seq.store(pos + 1, std::memory_order_seq_cst);
  m_pushed.fetch_add(1, std::memory_order_relaxed);
  if (m_consumer_sleeping.load(std::memory_order_seq_cst)) {
    m_signal.fetch_add(1, std::memory_order_seq_cst);
    m_signal.notify_one();
  }
  return true;
}

bool background_queue::pop(detail::callback &out) noexcept {
  cell &c = m_cells[m_dequeue & m_mask];
  std::size_t seq = c.seq.load(std::memory_order_seq_cst);
  if (seq != m_dequeue + 1)
    return false;
  out = std::move(c.fn);
  c.seq.store(m_dequeue + m_mask + 1, std::memory_order_release);
  ++m_dequeue;
  return true;
}

void background_queue::drain_main() {
  detail::callback cb;
  for (;;) {
    if (pop(cb)) {
      if (m_closed.load(std::memory_order_acquire) &&
          now_ns() > m_deadline_ns.load(std::memory_order_relaxed)) {
        // Past the shutdown deadline: discard the rest.
        cb.reset();
        std::uint64_t n = 1;
        while (pop(cb)) {
          cb.reset();
          ++n;
        }
        m_discarded.fetch_add(n, std::memory_order_relaxed);
        return;
      }
      try {
        cb();
      } catch (...) {
        m_failed.fetch_add(1, std::memory_order_relaxed);
      }
      cb.reset();
      m_processed.fetch_add(1, std::memory_order_release);
      continue;
    }
    if (m_closed.load(std::memory_order_acquire)) {
      // Producers that passed the closed check may still be publishing.
      if (m_enqueue.load(std::memory_order_acquire) == m_dequeue)
        return;
      std::this_thread::yield();
      continue;
    }
    std::uint32_t sig = m_signal.load(std::memory_order_seq_cst);
    m_consumer_sleeping.store(true, std::memory_order_seq_cst);
    cell &c = m_cells[m_dequeue & m_mask];
    if (c.seq.load(std::memory_order_seq_cst) != m_dequeue + 1 &&
        !m_closed.load(std::memory_order_seq_cst))
      m_signal.wait(sig, std::memory_order_seq_cst);
    m_consumer_sleeping.store(false, std::memory_order_relaxed);
  }
}

bool background_queue::shutdown(std::chrono::nanoseconds deadline) {
  if (m_shut)
    return m_flushed;
  m_shut = true;
  m_deadline_ns.store(now_ns() + deadline.count(), std::memory_order_relaxed);
  m_closed.store(true, std::memory_order_seq_cst);
  m_signal.fetch_add(1, std::memory_order_seq_cst);
  m_signal.notify_one();
  if (m_thread.joinable())
    m_thread.join();
  // A producer that passed the closed check just before it was set may have
  // published after the drain thread left: count such items, never lose them
  // silently.
  detail::callback cb;
  while (pop(cb)) {
    cb.reset();
    m_discarded.fetch_add(1, std::memory_order_relaxed);
  }
  m_flushed = m_discarded.load(std::memory_order_relaxed) == 0;
  return m_flushed;
}

background_queue_stats background_queue::stats() const noexcept {
  background_queue_stats s;
  s.pushed = m_pushed.load(std::memory_order_relaxed);
  s.processed = m_processed.load(std::memory_order_relaxed);
  s.failed = m_failed.load(std::memory_order_relaxed);
  s.dropped = m_dropped.load(std::memory_order_relaxed);
  s.discarded = m_discarded.load(std::memory_order_relaxed);
  return s;
}

std::size_t background_queue::size() const noexcept {
  std::uint64_t pushed = m_pushed.load(std::memory_order_relaxed);
  std::uint64_t done = m_processed.load(std::memory_order_relaxed) +
                       m_discarded.load(std::memory_order_relaxed);
  return pushed > done ? static_cast<std::size_t>(pushed - done) : 0;
}

} // namespace asyncguard::rt
