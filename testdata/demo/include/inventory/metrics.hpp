#pragma once
// Counters and the audit log. Logging never blocks the loop: lines go to a
// background_queue whose own thread appends them to the file.

#include <asyncguard/rt/background_queue.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace inventory {

class metrics {
public:
  explicit metrics(std::string audit_log_path, std::size_t queue_capacity = 1024);

  /// Queues one audit line; drops it (counted) when the writer falls behind.
  void log(std::string line);
  /// Writes what is queued and stops the writer thread (plain code only).
  void flush();
  std::string summary() const;

  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> cache_hits{0};
  std::atomic<std::uint64_t> cache_misses{0};
  std::atomic<std::uint64_t> supplier_calls{0};
  std::atomic<std::uint64_t> refreshes{0};

private:
  std::string m_path;
  asyncguard::rt::background_queue m_queue;
};

} // namespace inventory
