#include "driver/Scheduler.h"

#include <atomic>
#include <thread>

namespace asyncguard {

std::vector<TuFacts> runAll(const std::vector<TuCommand> &Commands, unsigned Jobs,
                            const std::function<TuFacts(const TuCommand &)> &Analyze) {
  std::vector<TuFacts> Results(Commands.size());
  std::atomic<size_t> Next{0};
  auto Worker = [&] {
    for (size_t I = Next++; I < Commands.size(); I = Next++)
      Results[I] = Analyze(Commands[I]);
  };
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Commands.size()));
  if (Jobs == 1) {
    Worker();
    return Results;
  }
  std::vector<std::thread> Threads;
  for (unsigned J = 0; J < Jobs; ++J)
    Threads.emplace_back(Worker);
  for (std::thread &T : Threads)
    T.join();
  return Results;
}

} // namespace asyncguard
