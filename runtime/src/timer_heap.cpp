// The loop's timer heap: a 4-ary min-heap with index tracking.
#include "asyncguard/rt/event_loop.hpp"

namespace asyncguard::rt::detail {

void timer_heap::push(timer_node &n) {
  m_heap.push_back({n.m_deadline, n.m_seq, &n});
  n.m_heap_index = m_heap.size() - 1;
  sift_up(m_heap.size() - 1);
}

void timer_heap::sift_up(std::size_t i) noexcept {
  entry e = m_heap[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 4;
    if (!(e < m_heap[parent]))
      break;
    place(i, m_heap[parent]);
    i = parent;
  }
  place(i, e);
}

void timer_heap::sift_down(std::size_t i) noexcept {
  const std::size_t n = m_heap.size();
  entry e = m_heap[i];
  for (;;) {
    std::size_t first = i * 4 + 1;
    if (first >= n)
      break;
    std::size_t best = first;
    std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c)
      if (m_heap[c] < m_heap[best])
        best = c;
    if (!(m_heap[best] < e))
      break;
    place(i, m_heap[best]);
    i = best;
  }
  place(i, e);
}

void timer_heap::erase(timer_node &n) noexcept {
  std::size_t i = n.m_heap_index;
  if (i == timer_node::npos)
    return;
  n.m_heap_index = timer_node::npos;
  entry last = m_heap.back();
  m_heap.pop_back();
  if (i == m_heap.size())
    return;
  place(i, last);
  if (i > 0 && last < m_heap[(i - 1) / 4])
    sift_up(i);
  else
    sift_down(i);
}

timer_node *timer_heap::pop() noexcept {
  timer_node *n = m_heap.front().node;
  erase(*n);
  return n;
}

std::vector<timer_node *> timer_heap::take_all() noexcept {
  std::vector<timer_node *> out;
  out.reserve(m_heap.size());
  for (const entry &e : m_heap) {
    e.node->m_heap_index = timer_node::npos;
    out.push_back(e.node);
  }
  m_heap.clear();
  return out;
}

} // namespace asyncguard::rt::detail
