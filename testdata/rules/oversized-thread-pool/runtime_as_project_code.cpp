// ARGS: -Iruntime/include
// Covers: the runtime built into a project (its headers are project code, as in testdata/demo): its own default blocking_pool cap is not a finding, a user's cap is.
#include <asyncguard/rt/blocking_pool.hpp>

void pools() {
  asyncguard::rt::blocking_pool defaults; // OK: the runtime's documented default cap, not written by the user
  asyncguard::rt::blocking_pool big({.max_threads = 1000}); // WARN: oversized-thread-pool
}
