#pragma once
// Growable FIFO ring buffer (single-threaded).

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace asyncguard::rt::detail {

/// A FIFO queue over a power-of-two ring that grows by doubling. Not
/// thread-safe. Elements must be nothrow-movable.
template <class T> class ring {
public:
  ring() noexcept = default;
  ring(const ring &) = delete;
  ring &operator=(const ring &) = delete;
  ~ring() {
    clear();
    ::operator delete(m_data, std::align_val_t{alignof(T)});
  }

  bool empty() const noexcept { return m_head == m_tail; }
  std::size_t size() const noexcept { return m_tail - m_head; }

  void push_back(T &&value) {
    if (size() == m_capacity)
      grow();
    ::new (static_cast<void *>(slot(m_tail))) T(std::move(value));
    ++m_tail;
  }

  /// Moves the oldest element out and removes it. Precondition: !empty().
  T pop_front() noexcept {
    T *p = slot(m_head);
    T out(std::move(*p));
    p->~T();
    ++m_head;
    return out;
  }

  void clear() noexcept {
    while (!empty())
      (void)pop_front();
  }

private:
  T *slot(std::size_t i) const noexcept { return m_data + (i & (m_capacity - 1)); }

  void grow() {
    std::size_t cap = m_capacity ? m_capacity * 2 : 64;
    T *data = static_cast<T *>(
        ::operator new(cap * sizeof(T), std::align_val_t{alignof(T)}));
    std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i) {
      T *src = slot(m_head + i);
      ::new (static_cast<void *>(data + i)) T(std::move(*src));
      src->~T();
    }
    ::operator delete(m_data, std::align_val_t{alignof(T)});
    m_data = data;
    m_capacity = cap;
    m_head = 0;
    m_tail = n;
  }

  T *m_data = nullptr;
  std::size_t m_capacity = 0;
  std::size_t m_head = 0;
  std::size_t m_tail = 0;
};

} // namespace asyncguard::rt::detail
