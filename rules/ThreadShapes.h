#pragma once
// Shared by oversized-thread-pool and thread-per-task (rules/docs/*.md): where
// a function body starts OS threads, and how often the loops around it run.

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace asyncguard {

class AstView;

/// How many times a loop runs, as far as the source says.
enum class LoopBound {
  Constant,   ///< a compile-time trip count (`Trips`)
  Cores,      ///< sized from std::thread::hardware_concurrency() and friends
  Counted,    ///< `for (i = 0; i < n; ++i)` with a count the caller chose
  PerItem,    ///< once per element of a container or range
  Unbounded,  ///< `while (true)`, `for (;;)`, `while (running)`
};

struct LoopInfo {
  const clang::Stmt *Loop = nullptr;
  LoopBound Bound = LoopBound::Unbounded;
  uint64_t Trips = 0; ///< for Constant
  std::string Why;    ///< for the note: "'for (;;)' has no bound"
};

/// A place that starts a thread, with the loops around it in its function.
struct ThreadStart {
  const clang::Stmt *At = nullptr;
  std::string What;                ///< "std::thread", "pthread_create", ...
  std::string Function;            ///< enclosing function, for the fingerprint
  std::vector<LoopInfo> Loops;     ///< outermost first
  /// Inside a lambda handed to a call (a handler, a callback) and detached there.
  bool DetachedInCallback = false;
};

/// Every thread started in project code: outside system headers, templates
/// at their definition only, lambdas that run elsewhere with their own
/// (empty) loop stack.
std::vector<ThreadStart> findThreadStarts(AstView &View);

/// The value of a compile-time constant integer expression.
std::optional<uint64_t> constantCount(const clang::Expr *E, clang::ASTContext &Ctx);
/// Whether `E` is computed from the machine's core count (through up to a few
/// local variables): hardware_concurrency(), get_nprocs(), sysconf().
bool derivesFromCores(const clang::Expr *E);
/// "8 MiB" per thread, as a readable total: "7.8 GiB", "256 MiB".
std::string stackEstimate(uint64_t Threads);
/// The thread budget from config: target cores x factor.
uint64_t threadBudget(AstView &View);

} // namespace asyncguard
