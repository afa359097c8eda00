#include "asyncguard/rt/cancel.hpp"

namespace asyncguard::rt::detail {

bool cancel_state::try_register(cancel_registration &r) noexcept {
  std::lock_guard lock(m_mutex);
  if (m_requested.load(std::memory_order_relaxed))
    return false;
  r.m_prev = nullptr;
  r.m_next = m_head;
  if (m_head)
    m_head->m_prev = &r;
  m_head = &r;
  r.m_linked = true;
  return true;
}

void cancel_state::unregister(cancel_registration &r) noexcept {
  std::lock_guard lock(m_mutex);
  if (!r.m_linked)
    return;
  if (r.m_prev)
    r.m_prev->m_next = r.m_next;
  else
    m_head = r.m_next;
  if (r.m_next)
    r.m_next->m_prev = r.m_prev;
  r.m_linked = false;
}

void cancel_state::request() noexcept {
  std::lock_guard lock(m_mutex);
  if (m_requested.exchange(true, std::memory_order_acq_rel))
    return;
  for (cancel_registration *r = m_head; r;) {
    cancel_registration *next = r->m_next;
    r->m_linked = false;
    r->m_on_cancel(*r);
    r = next;
  }
  m_head = nullptr;
}

} // namespace asyncguard::rt::detail
