// FLAGS: --report-unused-suppressions
// Covers: NOLINTs naming asyncguard rules that silence nothing are reported; used ones, bare ones and other tools' are silent.
#include <fixture/task.h>

#include <unistd.h>

fixture::task<void> used() { ::sleep(1); co_return; } // NOLINT(blocking-sleep) // OK: silences the sleep
fixture::task<void> stale() { co_return; } // NOLINT(asyncguard-blocking-io) // WARN: unused-nolint
fixture::task<void> bare() { co_return; } // NOLINT // OK: may be meant for clang-tidy
int other() { return 1; } // NOLINT(bugprone-foo) // OK: another tool's check
void helper() { ::sleep(1); } // NOLINT(blocking-sleep) // OK: cuts chains through helper
