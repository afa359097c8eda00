// Covers: an unclosed NOLINTBEGIN and a NOLINTEND closing a different list are reported; a closed pair and other tools' regions are silent.
#include <fixture/task.h>

#include <unistd.h>

// NOLINTBEGIN(blocking-sleep)
fixture::task<void> closed() { ::sleep(1); co_return; } // OK: inside a matched region
// NOLINTEND(blocking-sleep)

// NOLINTBEGIN(bugprone-*) // OK: another tool's region, its own business
// NOLINTEND(asyncguard-blocking-io) // WARN: unmatched-nolint

// NOLINTBEGIN(asyncguard-blocking-sleep) // WARN: unmatched-nolint
fixture::task<void> open() { ::sleep(1); co_return; } // WARN: blocking-sleep
