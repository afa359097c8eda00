#pragma once
// Cooperative cancellation of pending loop operations (sleeps, socket I/O).

#include <atomic>
#include <memory>
#include <mutex>

namespace asyncguard::rt {

namespace detail {

/// A callback linked into a cancel_state while an operation is pending.
struct cancel_registration {
  void (*m_on_cancel)(cancel_registration &) noexcept = nullptr;
  cancel_registration *m_prev = nullptr;
  cancel_registration *m_next = nullptr;
  bool m_linked = false;
};

class cancel_state {
public:
  /// Links `r`; false (and not linked) when cancellation was already requested.
  bool try_register(cancel_registration &r) noexcept;
  /// Unlinks `r` if linked. Waits for a concurrent `request()` running `r`.
  void unregister(cancel_registration &r) noexcept;
  /// Sets the flag and runs every registered callback once (under the lock).
  void request() noexcept;
  bool requested() const noexcept {
    return m_requested.load(std::memory_order_acquire);
  }

private:
  std::mutex m_mutex;
  std::atomic<bool> m_requested{false};
  cancel_registration *m_head = nullptr;
};

} // namespace detail

class cancel_token;

/// Owner side of a cancellation signal. `request_cancel()` is thread-safe and
/// idempotent: every operation currently pending with a token of this source
/// completes with `std::errc::operation_canceled` (a `std::system_error` at
/// its `co_await`), on its own loop thread; operations started afterwards with
/// such a token fail the same way at once. Copies share one signal.
class cancel_source {
public:
  cancel_source() : m_state(std::make_shared<detail::cancel_state>()) {}

  void request_cancel() noexcept { m_state->request(); }
  bool cancel_requested() const noexcept { return m_state->requested(); }
  cancel_token token() const noexcept;

private:
  std::shared_ptr<detail::cancel_state> m_state;
};

/// Observer side of a cancel_source, passed to cancellable operations. A
/// default-constructed token is never cancelled and costs nothing.
class cancel_token {
public:
  cancel_token() noexcept = default;

  bool cancel_requested() const noexcept {
    return m_state && m_state->requested();
  }
  bool can_be_cancelled() const noexcept { return m_state != nullptr; }

  /// For runtime internals.
  detail::cancel_state *state() const noexcept { return m_state.get(); }

private:
  friend class cancel_source;
  explicit cancel_token(std::shared_ptr<detail::cancel_state> s) noexcept
      : m_state(std::move(s)) {}
  std::shared_ptr<detail::cancel_state> m_state;
};

inline cancel_token cancel_source::token() const noexcept {
  return cancel_token(m_state);
}

} // namespace asyncguard::rt
