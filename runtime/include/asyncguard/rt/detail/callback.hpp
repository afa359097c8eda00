#pragma once
// Move-only, type-erased `void()` callable with a small inline buffer.

#include <coroutine>
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace asyncguard::rt::detail {

/// A move-only `void()` callable. Callables up to `inline_size` bytes that are
/// nothrow-movable are stored inline (no allocation); larger ones on the heap.
/// Not thread-safe; moving from one thread to another is fine.
class callback {
public:
  static constexpr std::size_t inline_size = 40;

  callback() noexcept = default;

  template <class F, class D = std::decay_t<F>>
    requires(!std::is_same_v<D, callback> && std::is_invocable_r_v<void, D &>)
  callback(F &&fn) { // NOLINT: implicit by design, like std::function
    if constexpr (fits_inline<D>) {
      ::new (static_cast<void *>(m_buf)) D(std::forward<F>(fn));
      m_vt = &inline_vtable<D>;
    } else {
      D *p = new D(std::forward<F>(fn));
      std::memcpy(m_buf, &p, sizeof p);
      m_vt = &heap_vtable<D>;
    }
  }

  /// A callback that resumes `h`.
  explicit callback(std::coroutine_handle<> h) noexcept
      : callback(resume_fn{h}) {}

  callback(callback &&other) noexcept { take(other); }
  callback &operator=(callback &&other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  callback(const callback &) = delete;
  callback &operator=(const callback &) = delete;
  ~callback() { reset(); }

  explicit operator bool() const noexcept { return m_vt != nullptr; }

  /// Invokes the callable; exceptions propagate to the caller.
  void operator()() { m_vt->invoke(m_buf); }

  void reset() noexcept {
    if (m_vt && m_vt->destroy)
      m_vt->destroy(m_buf);
    m_vt = nullptr;
  }

private:
  struct vtable {
    void (*invoke)(void *);
    // Move-constructs dst from src and destroys src; nullptr means memcpy.
    void (*relocate)(void *dst, void *src) noexcept;
    // nullptr means trivially destructible.
    void (*destroy)(void *) noexcept;
  };

  struct resume_fn {
    std::coroutine_handle<> h;
    void operator()() const { h.resume(); }
  };

  template <class D>
  static constexpr bool fits_inline =
      sizeof(D) <= inline_size && alignof(D) <= alignof(std::max_align_t) &&
      std::is_nothrow_move_constructible_v<D>;

  template <class D>
  static constexpr vtable inline_vtable = {
      [](void *p) { (*std::launder(static_cast<D *>(p)))(); },
      std::is_trivially_copyable_v<D>
          ? nullptr
          : +[](void *dst, void *src) noexcept {
              D *s = std::launder(static_cast<D *>(src));
              ::new (dst) D(std::move(*s));
              s->~D();
            },
      std::is_trivially_destructible_v<D>
          ? nullptr
          : +[](void *p) noexcept { std::launder(static_cast<D *>(p))->~D(); },
  };

  template <class D>
  static D *heap_ptr(void *p) noexcept {
    D *d;
    std::memcpy(&d, p, sizeof d);
    return d;
  }

  template <class D>
  static constexpr vtable heap_vtable = {
      [](void *p) { (*heap_ptr<D>(p))(); },
      nullptr,
      +[](void *p) noexcept { delete heap_ptr<D>(p); },
  };

  void take(callback &other) noexcept {
    m_vt = other.m_vt;
    if (!m_vt)
      return;
    if (m_vt->relocate)
      m_vt->relocate(m_buf, other.m_buf);
    else
      std::memcpy(m_buf, other.m_buf, inline_size);
    other.m_vt = nullptr;
  }

  alignas(std::max_align_t) unsigned char m_buf[inline_size];
  const vtable *m_vt = nullptr;
};

} // namespace asyncguard::rt::detail
