#pragma once
// Runs many TUs on N worker threads; results keep the input order.

#include "driver/TuRunner.h"

#include <functional>
#include <vector>

namespace asyncguard {

/// Analyses `Commands` with up to `Jobs` threads. `Analyze` is called once
/// per command (it may read a cache instead of parsing).
std::vector<TuFacts> runAll(const std::vector<TuCommand> &Commands, unsigned Jobs,
                            const std::function<TuFacts(const TuCommand &)> &Analyze);

} // namespace asyncguard
