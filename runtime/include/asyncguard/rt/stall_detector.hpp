#pragma once
// The runtime twin of the analyzer: report loop turns that hog the thread.

#include <chrono>
#include <functional>

namespace asyncguard::rt {

/// Optional per-loop check: any single coroutine resume or callback that runs
/// longer than `threshold` calls `on_stall(duration)` on the loop thread right
/// after it returns. Enabling it costs two clock reads per resume.
/// An exception escaping the hook goes to the loop's exception handler.
struct stall_detector {
  std::chrono::nanoseconds threshold = std::chrono::milliseconds(100);
  std::function<void(std::chrono::nanoseconds)> on_stall;
};

} // namespace asyncguard::rt
